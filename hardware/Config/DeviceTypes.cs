// The device types a hardware config may name, what each provides, and the values each input type offers.
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Hardware.Config;

/// <summary>Names of device types, actuator kinds and boards as they appear in hardware config JSON.</summary>
public static class DeviceTypes
{
    /// <summary>A PCA9685 16-channel PWM board on I2C.</summary>
    public const string Pca9685 = "pca9685";

    /// <summary>One of the Pi's hardware PWM chips (/sys/class/pwm/pwmchipN).</summary>
    public const string PiPwm = "pi_pwm";

    /// <summary>An MPU-6050 IMU on I2C.</summary>
    public const string Mpu6050 = "mpu6050";

    /// <summary>A BNO055 IMU with on-chip fusion, on I2C.</summary>
    public const string Bno055 = "bno055";

    /// <summary>Two quadrature wheel encoders on GPIO, with the rover's wheel geometry for odometry.</summary>
    public const string WheelEncoders = "wheel_encoders";

    /// <summary>Values from an external tracker over UDP.</summary>
    public const string UdpState = "udp_state";

    /// <summary>A switch on one GPIO line (leg contact, end stop).</summary>
    public const string Switch = "switch";

    /// <summary>Every device type, for error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Pca9685, PiPwm, Mpu6050, Bno055, WheelEncoders, UdpState, Switch];

    /// <summary>True for devices that drive actuators (they have PWM channels).</summary>
    public static bool IsPwmSource(string type) => type is Pca9685 or PiPwm;

    /// <summary>True for devices that provide observations.</summary>
    public static bool IsInput(string type) => type is Mpu6050 or Bno055 or WheelEncoders or UdpState or Switch;

    /// <summary>Highest channel number of a PWM source (PCA9685: 0–15; the Pi 5's RP1 has four PWM channels, older Pis two).</summary>
    public static int MaxChannel(string type) => type == Pca9685 ? 15 : 3;

    /// <summary>The values an input device of <paramref name="device"/>'s type offers, in order.</summary>
    public static IReadOnlyList<string> ValueNames(DeviceConfig device) => device.Type switch
    {
        Mpu6050 => ImuInput.Names,
        Bno055 => Bno055Input.Names,
        WheelEncoders => OdometryInput.Names,
        UdpState => device.Values ?? [],
        Switch => SwitchInput.Names,
        _ => [],
    };
}

/// <summary>Actuator kinds in a hardware config.</summary>
public static class ActuatorKinds
{
    /// <summary>An ESC driven by pulse width (thruster or propeller motor).</summary>
    public const string Esc = "esc";

    /// <summary>A position servo driven by pulse width.</summary>
    public const string Servo = "servo";

    /// <summary>A DC motor on an H-bridge.</summary>
    public const string DcMotor = "dc_motor";

    /// <summary>An output of the microcontroller at the far end of the serial link (the config's <c>link</c> section).</summary>
    public const string Link = "link";

    /// <summary>Every kind, for error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Esc, Servo, DcMotor, Link];
}

/// <summary>Observation sources that are not devices.</summary>
public static class ObservationSources
{
    /// <summary>The value comes in the telemetry of the microcontroller at the far end of the serial link.</summary>
    public const string Link = "link";
}

/// <summary>What the devices of a config are opened on.</summary>
public static class Boards
{
    /// <summary>A Raspberry Pi's real buses.</summary>
    public const string RaspberryPi = "raspberry_pi";

    /// <summary>Emulated devices backed by the simulator.</summary>
    public const string Emulated = "emulated";
}
