// One actuator of a hardware config: the contract's name and range, the device channel that drives it, its calibration.
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Config;

/// <summary>Calibration as written in the config; pulse fields for ESCs and servos, max_duty for DC motors.</summary>
public sealed record CalibrationConfig
{
    /// <summary>esc, servo: pulse at full reverse (or stop), µs.</summary>
    public double? MinPulseUs { get; init; }

    /// <summary>esc, servo: pulse at neutral, µs (equal to min_pulse_us for a unidirectional ESC).</summary>
    public double? NeutralPulseUs { get; init; }

    /// <summary>esc, servo: pulse at full forward, µs.</summary>
    public double? MaxPulseUs { get; init; }

    /// <summary>True when positive commands must turn the other way.</summary>
    public bool Reversed { get; init; }

    /// <summary>Fraction of full command around neutral that is sent as neutral.</summary>
    public float Deadband { get; init; }

    /// <summary>dc_motor: duty at full command (default 1).</summary>
    public float? MaxDuty { get; init; }
}

/// <summary>An actuator: what drives it and how commands in the contract's units become pulses or duty.</summary>
public sealed record ActuatorConfig
{
    /// <summary>The actuator's name in the model's contract.</summary>
    public string Name { get; init; } = "";

    /// <summary>One of <see cref="ActuatorKinds.All"/>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The PWM source (a pca9685 or pi_pwm device) that drives it.</summary>
    public string Device { get; init; } = "";

    /// <summary>Channel on <see cref="Device"/>.</summary>
    public int Channel { get; init; }

    /// <summary>The contract's lowest command.</summary>
    public float Low { get; init; } = -1f;

    /// <summary>The contract's highest command.</summary>
    public float High { get; init; } = 1f;

    /// <summary>The contract's neutral (safe) command.</summary>
    public float Neutral { get; init; }

    /// <summary>esc: seconds of neutral before commands pass (Blue Robotics ESCs need about 2 s; default 3).</summary>
    public double? ArmSeconds { get; init; }

    /// <summary>dc_motor: H-bridge direction inputs on GPIO: [IN1, IN2] (three-pin) or [DIR] (two-pin).</summary>
    public int[]? DirectionPins { get; init; }

    /// <summary>Calibration; defaults suit a Blue Robotics bidirectional ESC or a motor wired the right way round.</summary>
    public CalibrationConfig Calibration { get; init; } = new();

    /// <summary>The command range as outputs take it.</summary>
    public ActuatorRange Range => new(Low, High, Neutral);

    /// <summary>The pulse calibration of an ESC or servo.</summary>
    public PulseCalibration ToPulseCalibration() => new()
    {
        MinPulseMicroseconds = Calibration.MinPulseUs ?? 1100,
        NeutralPulseMicroseconds = Calibration.NeutralPulseUs ?? 1500,
        MaxPulseMicroseconds = Calibration.MaxPulseUs ?? 1900,
        Reversed = Calibration.Reversed,
        Deadband = Calibration.Deadband,
    };

    /// <summary>The calibration of a DC motor.</summary>
    public MotorCalibration ToMotorCalibration() => new()
    {
        Reversed = Calibration.Reversed,
        Deadband = Calibration.Deadband,
        MaxDuty = Calibration.MaxDuty ?? 1f,
    };

    /// <summary>How long an ESC holds neutral before it arms (zero for servos and motors).</summary>
    public TimeSpan ArmTime => Kind == ActuatorKinds.Esc ? TimeSpan.FromSeconds(ArmSeconds ?? 3.0) : TimeSpan.Zero;

    /// <summary>Throws <see cref="HardwareConfigException"/> naming the first field that is not valid.</summary>
    public void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new HardwareConfigException($"{path}.name", "must not be empty");
        }
        path = $"{path} ({Name})";
        if (!ActuatorKinds.All.Contains(Kind))
        {
            throw new HardwareConfigException($"{path}.kind", $"unknown actuator kind '{Kind}' (known: {string.Join(", ", ActuatorKinds.All)})");
        }
        try
        {
            Range.Validate();
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName == nameof(ActuatorRange.Neutral) ? "neutral" : e.ParamName == nameof(ActuatorRange.Low) ? "low" : "high";
            throw new HardwareConfigException($"{path}.{key}", DeviceConfig.FirstLine(e), e);
        }
        if (Channel < 0)
        {
            throw new HardwareConfigException($"{path}.channel", $"{Channel} must not be negative");
        }
        if (Kind == ActuatorKinds.Link)
        {
            ValidateLink(path);
        }
        else if (Kind == ActuatorKinds.DcMotor)
        {
            ValidateMotor(path);
        }
        else
        {
            ValidatePulse(path);
        }
    }

    private void ValidateLink(string path)
    {
        // The microcontroller owns the PWM timing and calibration; the host only knows the contract's range.
        if (!string.IsNullOrEmpty(Device) || Channel != 0)
        {
            throw new HardwareConfigException($"{path}.device", "a link actuator is driven by the microcontroller; it names no device or channel");
        }
        if (Calibration != new CalibrationConfig() || ArmSeconds is not null || DirectionPins is not null)
        {
            throw new HardwareConfigException($"{path}.calibration", "a link actuator is calibrated in the firmware (board_config.h), not here");
        }
    }

    private void ValidateMotor(string path)
    {
        foreach ((string key, bool set) in new[]
        {
            ("min_pulse_us", Calibration.MinPulseUs is not null), ("neutral_pulse_us", Calibration.NeutralPulseUs is not null),
            ("max_pulse_us", Calibration.MaxPulseUs is not null),
        })
        {
            if (set)
            {
                throw new HardwareConfigException($"{path}.calibration.{key}", "is not a setting of a dc_motor (it has reversed, deadband, max_duty)");
            }
        }
        if (ArmSeconds is not null)
        {
            throw new HardwareConfigException($"{path}.arm_seconds", "only ESCs arm");
        }
        if (DirectionPins is not { Length: 1 or 2 })
        {
            throw new HardwareConfigException($"{path}.direction_pins", "a dc_motor needs [IN1, IN2] (three-pin bridge) or [DIR] (two-pin)");
        }
        if (DirectionPins.Any(p => p < 0) || (DirectionPins.Length == 2 && DirectionPins[0] == DirectionPins[1]))
        {
            throw new HardwareConfigException($"{path}.direction_pins", "must be distinct, non-negative GPIO lines");
        }
        try
        {
            ToMotorCalibration().Validate();
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName == nameof(MotorCalibration.MaxDuty) ? "max_duty" : "deadband";
            throw new HardwareConfigException($"{path}.calibration.{key}", DeviceConfig.FirstLine(e), e);
        }
    }

    private void ValidatePulse(string path)
    {
        if (Calibration.MaxDuty is not null)
        {
            throw new HardwareConfigException($"{path}.calibration.max_duty", $"is not a setting of a {Kind} (it has min/neutral/max_pulse_us, reversed, deadband)");
        }
        if (DirectionPins is not null)
        {
            throw new HardwareConfigException($"{path}.direction_pins", $"a {Kind} has no direction pins");
        }
        if (Kind == ActuatorKinds.Servo && ArmSeconds is not null)
        {
            throw new HardwareConfigException($"{path}.arm_seconds", "only ESCs arm");
        }
        if (ArmSeconds is < 0 or > 30 || (ArmSeconds is double s && !double.IsFinite(s)))
        {
            throw new HardwareConfigException($"{path}.arm_seconds", $"{ArmSeconds} must lie in 0–30 s");
        }
        try
        {
            ToPulseCalibration().Validate();
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName switch
            {
                nameof(PulseCalibration.MinPulseMicroseconds) => "min_pulse_us",
                nameof(PulseCalibration.NeutralPulseMicroseconds) => "neutral_pulse_us",
                nameof(PulseCalibration.MaxPulseMicroseconds) => "max_pulse_us",
                nameof(PulseCalibration.Reversed) => "reversed",
                _ => "deadband",
            };
            throw new HardwareConfigException($"{path}.calibration.{key}", DeviceConfig.FirstLine(e), e);
        }
    }
}
