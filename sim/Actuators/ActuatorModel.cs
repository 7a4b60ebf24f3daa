// How a commanded value becomes what an actuator actually does: the imperfections every robot shares.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim.Actuators;

/// <summary>
/// The model of one actuator between the policy's command and the physics: command latency, saturation to the
/// contract's range, a deadband around neutral, PWM quantisation and a first-order lag, applied in that order.
/// The default is an ideal actuator that only saturates.
/// </summary>
public sealed record ActuatorModel
{
    /// <summary>Commands closer than this to neutral act as neutral (actuator units; 0 = none).</summary>
    public float Deadband { get; init; }

    /// <summary>Time constant of the first-order response in seconds (0 = immediate).</summary>
    public float LagSeconds { get; init; }

    /// <summary>Duty levels from neutral to full command, either way (256 for 8-bit PWM; 0 = continuous).</summary>
    public int PwmSteps { get; init; }

    /// <summary>Whole control steps between a command and its effect.</summary>
    public int LatencySteps { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (!(Deadband >= 0 && float.IsFinite(Deadband)))
        {
            throw new ArgumentOutOfRangeException(nameof(Deadband), Deadband, "deadband must be a finite non-negative number");
        }
        if (!(LagSeconds >= 0 && float.IsFinite(LagSeconds)))
        {
            throw new ArgumentOutOfRangeException(nameof(LagSeconds), LagSeconds, "lag_seconds must be a finite non-negative number");
        }
        if (PwmSteps is < 0 or 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PwmSteps), PwmSteps, "pwm_steps must be 0 (continuous) or at least 2");
        }
        if (LatencySteps is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(LatencySteps), LatencySteps, "latency_steps must be between 0 and 64");
        }
    }

    /// <summary>
    /// Maps a command that has already been delayed to what the actuator does this step, updating the lag
    /// state <paramref name="lagged"/>. <paramref name="lagAlpha"/> is 1 - exp(-dt / lag) (1 for no lag).
    /// </summary>
    internal float Shape(float command, ActuatorSpec spec, float lagAlpha, ref float lagged)
    {
        float u = Math.Clamp(command, spec.Low, spec.High);
        if (Deadband > 0 && MathF.Abs(u - spec.Neutral) < Deadband)
        {
            u = spec.Neutral;
        }
        if (PwmSteps >= 2)
        {
            // Duty is counted from neutral, as a driver's direction bit plus duty does, so neutral stays exact.
            float step = MathF.Max(spec.High - spec.Neutral, spec.Neutral - spec.Low) / (PwmSteps - 1);
            u = Math.Clamp(spec.Neutral + (MathF.Round((u - spec.Neutral) / step) * step), spec.Low, spec.High);
        }
        lagged += lagAlpha * (u - lagged);
        return lagged;
    }
}
