// One device of a hardware config: its type and the settings that type needs (the others must stay unset).
using System.Numerics;
using DrlRobot.Hardware.Devices.Bno055;
using DrlRobot.Hardware.Devices.Mpu6050;
using DrlRobot.Hardware.Devices.Pca9685;

namespace DrlRobot.Hardware.Config;

/// <summary>
/// A device. One flat record for every type keeps the JSON plain; <see cref="Validate"/> checks that each type gets
/// the settings it needs and rejects, by name, settings that belong to another type.
/// </summary>
public sealed record DeviceConfig
{
    /// <summary>Name that actuators and observations refer to.</summary>
    public string Name { get; init; } = "";

    /// <summary>One of <see cref="DeviceTypes.All"/>.</summary>
    public string Type { get; init; } = "";

    /// <summary>pca9685, mpu6050, bno055: the I2C bus number (/dev/i2c-N; 1 on a Pi's header).</summary>
    public int? I2cBus { get; init; }

    /// <summary>pca9685 (default 0x40), mpu6050 (default 0x68), bno055 (default 0x28): the 7-bit I2C address.</summary>
    public int? Address { get; init; }

    /// <summary>pca9685: PWM frequency, Hz (default 50).</summary>
    public double? PwmFrequencyHz { get; init; }

    /// <summary>pca9685: the chip's measured oscillator frequency, Hz (default 25 MHz; the correction factor).</summary>
    public double? OscillatorHz { get; init; }

    /// <summary>pi_pwm: the PWM chip number (/sys/class/pwm/pwmchipN).</summary>
    public int? Chip { get; init; }

    /// <summary>pi_pwm: PWM frequency, Hz (50 for ESCs and servos, 1–20 kHz for H-bridges).</summary>
    public int? FrequencyHz { get; init; }

    /// <summary>mpu6050: gyro full scale, °/s: 250, 500 (default), 1000 or 2000.</summary>
    public int? GyroRangeDps { get; init; }

    /// <summary>mpu6050: accelerometer full scale, g: 2, 4 (default), 8 or 16.</summary>
    public int? AccelRangeG { get; init; }

    /// <summary>mpu6050: gyro bias subtracted from readings, rad/s, [x, y, z].</summary>
    public float[]? GyroBias { get; init; }

    /// <summary>mpu6050: complementary filter time constant, s (default 0.5).</summary>
    public float? FilterTimeConstantS { get; init; }

    /// <summary>bno055: "imu" (six-axis fusion, default) or "ndof" (nine-axis, absolute heading).</summary>
    public string? FusionMode { get; init; }

    /// <summary>wheel_encoders: GPIO lines [A, B] of the left encoder.</summary>
    public int[]? LeftPins { get; init; }

    /// <summary>wheel_encoders: GPIO lines [A, B] of the right encoder.</summary>
    public int[]? RightPins { get; init; }

    /// <summary>wheel_encoders: counts per wheel revolution, ×4 decoded (4 × lines × gear ratio).</summary>
    public int? CountsPerRevolution { get; init; }

    /// <summary>wheel_encoders: wheel radius, m.</summary>
    public double? WheelRadiusM { get; init; }

    /// <summary>wheel_encoders: distance between the wheels, m.</summary>
    public double? TrackWidthM { get; init; }

    /// <summary>udp_state: UDP port to listen on.</summary>
    public int? Port { get; init; }

    /// <summary>udp_state: address to listen on (default 0.0.0.0; 127.0.0.1 for a tracker on the same machine).</summary>
    public string? ListenAddress { get; init; }

    /// <summary>udp_state: names of the values each datagram carries, in order.</summary>
    public string[]? Values { get; init; }

    /// <summary>switch: the GPIO line.</summary>
    public int? Pin { get; init; }

    /// <summary>switch: "high" or "low", the level that means pressed.</summary>
    public string? ActiveLevel { get; init; }

    /// <summary>The PCA9685 settings this config describes.</summary>
    public Pca9685Settings ToPca9685Settings() => new()
    {
        Address = Address ?? 0x40,
        PwmFrequencyHz = PwmFrequencyHz ?? 50,
        OscillatorHz = OscillatorHz ?? Pca9685Counter.NominalOscillatorHz,
    };

    /// <summary>The MPU-6050 settings this config describes.</summary>
    public Mpu6050Settings ToMpu6050Settings() => new()
    {
        Address = Address ?? 0x68,
        GyroRange = (GyroRangeDps ?? 500) switch { 250 => GyroRange.Dps250, 500 => GyroRange.Dps500, 1000 => GyroRange.Dps1000, _ => GyroRange.Dps2000 },
        AccelRange = (AccelRangeG ?? 4) switch { 2 => AccelRange.G2, 4 => AccelRange.G4, 8 => AccelRange.G8, _ => AccelRange.G16 },
        GyroBias = GyroBias is { Length: 3 } b ? new Vector3(b[0], b[1], b[2]) : Vector3.Zero,
    };

    /// <summary>The BNO055 settings this config describes.</summary>
    public Bno055Settings ToBno055Settings() => new()
    {
        Address = Address ?? 0x28,
        Mode = FusionMode == "ndof" ? Bno055Mode.Ndof : Bno055Mode.Imu,
    };

    /// <summary>The I2C address of an I2C device (its type's default when unset).</summary>
    public int I2cAddress => Type switch
    {
        DeviceTypes.Pca9685 => ToPca9685Settings().Address,
        DeviceTypes.Mpu6050 => ToMpu6050Settings().Address,
        DeviceTypes.Bno055 => ToBno055Settings().Address,
        _ => -1,
    };

    /// <summary>The PWM frequency this device's channels run at, Hz (0 for devices without PWM).</summary>
    public double ChannelFrequencyHz => Type switch
    {
        DeviceTypes.Pca9685 => ToPca9685Settings().ActualFrequencyHz,
        DeviceTypes.PiPwm => FrequencyHz ?? 0,
        _ => 0,
    };

    /// <summary>Throws <see cref="HardwareConfigException"/> naming the first field of <paramref name="path"/> that is not valid.</summary>
    public void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new HardwareConfigException($"{path}.name", "must not be empty");
        }
        path = $"{path} ({Name})";
        if (!DeviceTypes.All.Contains(Type))
        {
            throw new HardwareConfigException($"{path}.type", $"unknown device type '{Type}' (known: {string.Join(", ", DeviceTypes.All)})");
        }
        string[] allowed = Type switch
        {
            DeviceTypes.Pca9685 => ["i2c_bus", "address", "pwm_frequency_hz", "oscillator_hz"],
            DeviceTypes.PiPwm => ["chip", "frequency_hz"],
            DeviceTypes.Mpu6050 => ["i2c_bus", "address", "gyro_range_dps", "accel_range_g", "gyro_bias", "filter_time_constant_s"],
            DeviceTypes.Bno055 => ["i2c_bus", "address", "fusion_mode"],
            DeviceTypes.WheelEncoders => ["left_pins", "right_pins", "counts_per_revolution", "wheel_radius_m", "track_width_m"],
            DeviceTypes.UdpState => ["port", "listen_address", "values"],
            _ => ["pin", "active_level"],
        };
        foreach ((string key, bool set) in SetFields())
        {
            if (set && !allowed.Contains(key))
            {
                throw new HardwareConfigException($"{path}.{key}", $"is not a setting of a {Type} (its settings: {string.Join(", ", allowed)})");
            }
        }
        switch (Type)
        {
            case DeviceTypes.Pca9685:
                Require(path, "i2c_bus", I2cBus);
                CheckNonNegative(path, "i2c_bus", I2cBus!.Value);
                Wrap(path, () => ToPca9685Settings().Validate());
                break;
            case DeviceTypes.PiPwm:
                Require(path, "chip", Chip);
                Require(path, "frequency_hz", FrequencyHz);
                CheckNonNegative(path, "chip", Chip!.Value);
                if (FrequencyHz is <= 0 or > 100_000)
                {
                    throw new HardwareConfigException($"{path}.frequency_hz", $"{FrequencyHz} must lie in 1–100000 Hz");
                }
                break;
            case DeviceTypes.Mpu6050:
                Require(path, "i2c_bus", I2cBus);
                CheckNonNegative(path, "i2c_bus", I2cBus!.Value);
                if (GyroRangeDps is not (null or 250 or 500 or 1000 or 2000))
                {
                    throw new HardwareConfigException($"{path}.gyro_range_dps", $"{GyroRangeDps} must be 250, 500, 1000 or 2000");
                }
                if (AccelRangeG is not (null or 2 or 4 or 8 or 16))
                {
                    throw new HardwareConfigException($"{path}.accel_range_g", $"{AccelRangeG} must be 2, 4, 8 or 16");
                }
                if (GyroBias is not null && GyroBias.Length != 3)
                {
                    throw new HardwareConfigException($"{path}.gyro_bias", $"needs 3 values [x, y, z], has {GyroBias.Length}");
                }
                if (FilterTimeConstantS is <= 0f)
                {
                    throw new HardwareConfigException($"{path}.filter_time_constant_s", $"{FilterTimeConstantS} must be positive");
                }
                Wrap(path, () => ToMpu6050Settings().Validate());
                break;
            case DeviceTypes.Bno055:
                Require(path, "i2c_bus", I2cBus);
                CheckNonNegative(path, "i2c_bus", I2cBus!.Value);
                if (FusionMode is not (null or "imu" or "ndof"))
                {
                    throw new HardwareConfigException($"{path}.fusion_mode", $"'{FusionMode}' must be \"imu\" or \"ndof\"");
                }
                Wrap(path, () => ToBno055Settings().Validate());
                break;
            case DeviceTypes.WheelEncoders:
                CheckPins(path, "left_pins", LeftPins, 2);
                CheckPins(path, "right_pins", RightPins, 2);
                Require(path, "counts_per_revolution", CountsPerRevolution);
                Require(path, "wheel_radius_m", WheelRadiusM);
                Require(path, "track_width_m", TrackWidthM);
                if (CountsPerRevolution <= 0)
                {
                    throw new HardwareConfigException($"{path}.counts_per_revolution", $"{CountsPerRevolution} must be positive");
                }
                if (!(WheelRadiusM > 0))
                {
                    throw new HardwareConfigException($"{path}.wheel_radius_m", $"{WheelRadiusM} must be positive");
                }
                if (!(TrackWidthM > 0))
                {
                    throw new HardwareConfigException($"{path}.track_width_m", $"{TrackWidthM} must be positive");
                }
                break;
            case DeviceTypes.UdpState:
                Require(path, "port", Port);
                if (Port is < 1 or > 65535)
                {
                    throw new HardwareConfigException($"{path}.port", $"{Port} must lie in 1–65535");
                }
                if (ListenAddress is not null && !System.Net.IPAddress.TryParse(ListenAddress, out _))
                {
                    throw new HardwareConfigException($"{path}.listen_address", $"'{ListenAddress}' is not an IP address");
                }
                if (Values is null || Values.Length == 0)
                {
                    throw new HardwareConfigException($"{path}.values", "must name at least one value");
                }
                string? duplicate = Values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1)?.Key;
                if (duplicate is not null)
                {
                    throw new HardwareConfigException($"{path}.values", $"'{duplicate}' appears twice");
                }
                break;
            default:
                Require(path, "pin", Pin);
                CheckNonNegative(path, "pin", Pin!.Value);
                CheckLevel($"{path}.active_level", ActiveLevel);
                break;
        }
    }

    /// <summary>The GPIO lines this device uses.</summary>
    public IEnumerable<(int Pin, string Field)> GpioPins()
    {
        foreach (int pin in LeftPins ?? [])
        {
            yield return (pin, "left_pins");
        }
        foreach (int pin in RightPins ?? [])
        {
            yield return (pin, "right_pins");
        }
        if (Pin is int p)
        {
            yield return (p, "pin");
        }
    }

    /// <summary>Checks "high" / "low".</summary>
    internal static void CheckLevel(string field, string? level)
    {
        if (level is not ("high" or "low"))
        {
            throw new HardwareConfigException(field, $"'{level}' must be \"high\" or \"low\"");
        }
    }

    private IEnumerable<(string Key, bool Set)> SetFields() =>
    [
        ("i2c_bus", I2cBus is not null), ("address", Address is not null), ("pwm_frequency_hz", PwmFrequencyHz is not null),
        ("oscillator_hz", OscillatorHz is not null), ("chip", Chip is not null), ("frequency_hz", FrequencyHz is not null),
        ("gyro_range_dps", GyroRangeDps is not null), ("accel_range_g", AccelRangeG is not null), ("gyro_bias", GyroBias is not null),
        ("filter_time_constant_s", FilterTimeConstantS is not null), ("fusion_mode", FusionMode is not null), ("left_pins", LeftPins is not null),
        ("right_pins", RightPins is not null), ("counts_per_revolution", CountsPerRevolution is not null),
        ("wheel_radius_m", WheelRadiusM is not null), ("track_width_m", TrackWidthM is not null), ("port", Port is not null),
        ("listen_address", ListenAddress is not null), ("values", Values is not null), ("pin", Pin is not null),
        ("active_level", ActiveLevel is not null),
    ];

    private static void Require<T>(string path, string key, T? value)
        where T : struct
    {
        if (value is null)
        {
            throw new HardwareConfigException($"{path}.{key}", "is required");
        }
    }

    private static void CheckNonNegative(string path, string key, int value)
    {
        if (value < 0)
        {
            throw new HardwareConfigException($"{path}.{key}", $"{value} must not be negative");
        }
    }

    private static void CheckPins(string path, string key, int[]? pins, int count)
    {
        if (pins is null || pins.Length != count)
        {
            throw new HardwareConfigException($"{path}.{key}", $"needs {count} GPIO lines");
        }
        if (pins.Any(p => p < 0))
        {
            throw new HardwareConfigException($"{path}.{key}", "GPIO lines must not be negative");
        }
    }

    private static void Wrap(string path, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName switch
            {
                nameof(Pca9685Settings.Address) => "address",
                nameof(Pca9685Settings.PwmFrequencyHz) => "pwm_frequency_hz",
                nameof(Pca9685Settings.OscillatorHz) => "oscillator_hz",
                _ => "settings",
            };
            throw new HardwareConfigException($"{path}.{key}", FirstLine(e), e);
        }
    }

    /// <summary>An ArgumentException's message without the " (Parameter 'x')" suffix and "Actual value" line.</summary>
    internal static string FirstLine(ArgumentException e)
    {
        string message = e.Message;
        int cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }
        int newline = message.IndexOf('\n', StringComparison.Ordinal);
        message = (newline >= 0 ? message[..newline] : message).Trim();
        return e is ArgumentOutOfRangeException { ActualValue: { } actual }
            ? $"{Convert.ToString(actual, System.Globalization.CultureInfo.InvariantCulture)}: {message}"
            : message;
    }
}
