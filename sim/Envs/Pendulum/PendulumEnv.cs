// `pendulum`: swing a rod up and balance it with one torque motor, with Gymnasium Pendulum's semantics (observation,
// action range, reward, 20 Hz, 200-step limit). The quick check that a learner learns at all.
using DrlRobot.Sim.Actuators;
using DrlRobot.Sim.Contracts;
using DrlRobot.Sim.Vec;

namespace DrlRobot.Sim.Envs.Pendulum;

/// <summary>A batch of torque-driven pendulums; angle 0 is upright.</summary>
internal sealed class PendulumEnv : VecEnvBase
{
    public const string Id = "pendulum";
    public const float Gravity = 10f;
    public const float Mass = 1f;
    public const float Length = 1f;
    public const float MaxSpeed = 8f;
    public const float MaxTorque = 2f;
    public const float Dt = 0.05f;
    public const int MaxSteps = 200;

    // Several velocity-Verlet substeps per control step keep the energy of the free pendulum within a fraction of a
    // percent; Gymnasium's single Euler step drifts by several percent over a swing.
    private const int Substeps = 4;

    private readonly float[] _theta, _thetaDot;

    public PendulumEnv(int numEnvs, EnvOptions? options, float jointFriction = 0f)
        : base(CreateContract(), numEnvs, options, MaxSteps, [new ActuatorModel()])
    {
        ArgumentOutOfRangeException.ThrowIfNegative(jointFriction);
        JointFriction = jointFriction;
        _theta = new float[numEnvs];
        _thetaDot = new float[numEnvs];
        SetNoisyObservations(0, 1, 2);
    }

    /// <summary>Viscous friction of the joint in N·m·s/rad (0: the frictionless pendulum of the reference).</summary>
    public float JointFriction { get; }

    public static RobotContract CreateContract() => new()
    {
        EnvId = Id,
        ControlHz = 1 / Dt,
        Observations =
        [
            new ObservationSpec("cos_angle", "1", -1, 1),
            new ObservationSpec("sin_angle", "1", -1, 1),
            new ObservationSpec("angular_velocity", "rad/s", -MaxSpeed, MaxSpeed),
        ],
        Actuators = [new ActuatorSpec("torque", ActuatorKind.Motor, "N·m", -MaxTorque, MaxTorque, 0)],
    };

    /// <summary>Energy relative to hanging at rest (J): kinetic plus potential, for tests.</summary>
    internal float Energy(int env)
    {
        float inertia = Parameters.MassScale[env] * Parameters.InertiaScale[env] * Mass * Length * Length / 3f;
        return (0.5f * inertia * _thetaDot[env] * _thetaDot[env])
             + (Parameters.MassScale[env] * Mass * Gravity * Length / 2f * (1f + MathF.Cos(_theta[env])));
    }

    /// <summary>Puts env <paramref name="env"/> in a given state, for tests.</summary>
    internal void SetState(int env, float theta, float thetaDot, Span<float> observation)
    {
        _theta[env] = theta;
        _thetaDot[env] = thetaDot;
        WriteObservation(env, observation);
    }

    protected override void ResetEnv(int env, Span<float> observation)
    {
        _theta[env] = Rng[env].Uniform(-MathF.PI, MathF.PI);
        _thetaDot[env] = Rng[env].Uniform(-1f, 1f);
        WriteObservation(env, observation);
    }

    protected override void StepRange(int begin, int end, ReadOnlySpan<float> applied, Span<float> observations,
                                      Span<float> rewards, Span<bool> terminated, Span<bool> success)
    {
        for (int env = begin; env < end; env++)
        {
            float torque = applied[env];
            float theta = _theta[env], thetaDot = _thetaDot[env];
            float angle = NormalizeAngle(theta);
            // Gymnasium's reward is computed on the state before the step.
            rewards[env] = -((angle * angle) + (0.1f * thetaDot * thetaDot) + (0.001f * torque * torque));

            float mass = Mass * Parameters.MassScale[env];
            float inertia = mass * Parameters.InertiaScale[env] * Length * Length / 3f;
            float drive = torque * Parameters.ThrustScale[env];
            float wind = Parameters.WindNewtons[env] * Parameters.Gust(env, EpisodeStep[env]);
            float friction = JointFriction * Parameters.FrictionScale[env];
            float h = Dt / Substeps;
            float accel = Acceleration(theta, thetaDot, mass, inertia, drive, wind, friction);
            for (int s = 0; s < Substeps; s++)
            {
                float half = thetaDot + (0.5f * h * accel);
                theta += h * half;
                accel = Acceleration(theta, half, mass, inertia, drive, wind, friction);
                thetaDot = half + (0.5f * h * accel);
            }
            _theta[env] = theta;
            _thetaDot[env] = Math.Clamp(thetaDot, -MaxSpeed, MaxSpeed);
            terminated[env] = false;
            success[env] = false;
            WriteObservation(env, observations.Slice(env * 3, 3));
        }
    }

    private static float Acceleration(float theta, float thetaDot, float mass, float inertia, float torque, float wind,
                                      float friction)
    {
        // Gravity acts at the rod's middle; the wind pushes the tip sideways.
        (float sin, float cos) = MathF.SinCos(theta);
        float gravityTorque = mass * Gravity * Length / 2f * sin;
        float windTorque = wind * Length * cos;
        return (gravityTorque + torque + windTorque - (friction * thetaDot)) / inertia;
    }

    private void WriteObservation(int env, Span<float> observation)
    {
        (float sin, float cos) = MathF.SinCos(_theta[env]);
        observation[0] = cos;
        observation[1] = sin;
        observation[2] = _thetaDot[env];
    }

    internal static float NormalizeAngle(float angle)
    {
        float wrapped = (angle + MathF.PI) % (2f * MathF.PI);
        if (wrapped < 0)
        {
            wrapped += 2f * MathF.PI;
        }
        return wrapped - MathF.PI;
    }
}
