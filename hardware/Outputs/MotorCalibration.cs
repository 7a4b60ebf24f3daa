// Calibration of one DC motor on an H-bridge: direction, deadband and the largest duty the motor may get.
namespace DrlRobot.Hardware.Outputs;

/// <summary>How a signed command becomes an H-bridge duty cycle.</summary>
public sealed record MotorCalibration
{
    /// <summary>True when the motor is wired so that positive duty turns it backwards.</summary>
    public bool Reversed { get; init; }

    /// <summary>Fraction of full command around neutral (0 ≤ deadband &lt; 0.5) that leaves the motor stopped.</summary>
    public float Deadband { get; init; }

    /// <summary>Duty at full command (0 &lt; max_duty ≤ 1): caps the voltage when the supply exceeds the motor's rating.</summary>
    public float MaxDuty { get; init; } = 1f;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (!(Deadband >= 0f && Deadband < 0.5f))
        {
            throw new ArgumentOutOfRangeException(nameof(Deadband), Deadband, "deadband must lie in [0, 0.5)");
        }
        if (!(MaxDuty > 0f && MaxDuty <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDuty), MaxDuty, "max_duty must lie in (0, 1]");
        }
    }
}
