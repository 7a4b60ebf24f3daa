// The pendulum's hand-written controller: pump energy until the rod swings near the top, then balance it with PD.
namespace DrlRobot.Sim.Envs.Pendulum;

/// <summary>Energy-pumping swing-up followed by a PD balance near upright.</summary>
internal sealed class PendulumHeuristic : IController
{
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        float cos = observation[0], sin = observation[1], thetaDot = observation[2];
        float theta = MathF.Atan2(sin, cos);
        const float inertia = PendulumEnv.Mass * PendulumEnv.Length * PendulumEnv.Length / 3f;
        // Energy relative to resting upright: zero means "just enough to reach the top".
        float energy = (0.5f * inertia * thetaDot * thetaDot)
                     + (PendulumEnv.Mass * PendulumEnv.Gravity * PendulumEnv.Length / 2f * (cos - 1f));
        float torque;
        if (cos > 0.8f)
        {
            // Linearised: theta'' = 15 theta + 3 u; this PD makes it 15 theta - 30 theta - 6 theta'.
            torque = -((10f * theta) + (2f * thetaDot));
        }
        else
        {
            // Push along the motion while short of energy, brake when there is too much.
            float direction = thetaDot >= 0 ? 1f : -1f;
            torque = energy < 0 ? PendulumEnv.MaxTorque * direction : -0.5f * PendulumEnv.MaxTorque * direction;
        }
        action[0] = Math.Clamp(torque, -PendulumEnv.MaxTorque, PendulumEnv.MaxTorque);
    }
}
