// The simulator's side of a robot on the emulated board: reads what the drivers commanded, writes what the sensors measure.
using System.Device.Gpio;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Inputs;
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Devices.Emulated;

/// <summary>
/// Builds an <see cref="EmulatedBoard"/> with the chips a config names and translates between the board and a
/// simulator, in the config's terms: <see cref="ReadActuators"/> turns register contents, PWM duty and H-bridge pin
/// levels back into actuator commands (what the real motor would receive, quantisation and deadband included), and
/// the Set methods turn simulated rates, accelerations, wheel angles and switch states into register values and GPIO
/// edges. The drivers in between are the ones that run on a Pi.
/// </summary>
public sealed class EmulatedRobot : IDisposable
{
    private readonly HardwareConfig _config;
    private readonly Dictionary<string, (EmulatedQuadratureEncoder Left, EmulatedQuadratureEncoder Right)> _wheels = [];
    private readonly UdpClient _sender = new(AddressFamily.InterNetwork);
    private readonly byte[] _datagram = new byte[ExternalStateDatagram.Length(64)];
    private uint _sequence;

    private EmulatedRobot(HardwareConfig config, EmulatedBoard board)
    {
        _config = config;
        Board = board;
    }

    /// <summary>The board the drivers open.</summary>
    public EmulatedBoard Board { get; }

    /// <summary>A board with every chip, PWM chip and sensor line of <paramref name="config"/>, sensors at rest and level.</summary>
    public static EmulatedRobot Create(HardwareConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var robot = new EmulatedRobot(config, new EmulatedBoard());
        foreach (DeviceConfig device in config.Devices)
        {
            switch (device.Type)
            {
                case DeviceTypes.Pca9685:
                    var pca = device.ToPca9685Settings();
                    robot.Board.AddPca9685(device.I2cBus!.Value, pca.Address, pca.OscillatorHz);
                    break;
                case DeviceTypes.Mpu6050:
                    robot.Board.AddMpu6050(device.I2cBus!.Value, device.ToMpu6050Settings().Address)
                        .SetMotion(Vector3.Zero, new Vector3(0, 0, Devices.Mpu6050.Mpu6050Scale.StandardGravity));
                    break;
                case DeviceTypes.Bno055:
                    robot.Board.AddBno055(device.I2cBus!.Value, device.I2cAddress)
                        .SetState(Vector3.Zero, new Vector3(0, 0, Devices.Mpu6050.Mpu6050Scale.StandardGravity), 0, 0, 0);
                    break;
                case DeviceTypes.PiPwm:
                    robot.Board.AddPwmChip(device.Chip!.Value);
                    break;
                case DeviceTypes.WheelEncoders:
                    int counts = device.CountsPerRevolution!.Value;
                    robot._wheels[device.Name] = (
                        new EmulatedQuadratureEncoder(robot.Board.GpioDriver, device.LeftPins![0], device.LeftPins[1], counts),
                        new EmulatedQuadratureEncoder(robot.Board.GpioDriver, device.RightPins![0], device.RightPins[1], counts));
                    break;
                case DeviceTypes.Switch:
                    robot.Board.GpioDriver.SetInput(device.Pin!.Value, device.ActiveLevel == "low" ? PinValue.High : PinValue.Low);
                    break;
                default:
                    break;
            }
        }
        if (config.KillSwitch is { } kill)
        {
            robot.Board.GpioDriver.SetInput(kill.Pin, kill.ActiveLevel == "low" ? PinValue.High : PinValue.Low);
        }
        return robot;
    }

    /// <summary>Each actuator's command as the hardware delivers it, in actuator units and the config's order.</summary>
    public void ReadActuators(Span<float> commands)
    {
        if (commands.Length != _config.Actuators.Count)
        {
            throw new ArgumentException($"{commands.Length} slots for {_config.Actuators.Count} actuators", nameof(commands));
        }
        for (int i = 0; i < commands.Length; i++)
        {
            commands[i] = ReadActuator(i);
        }
    }

    /// <summary>Actuator <paramref name="index"/>'s command as the hardware delivers it, in actuator units.</summary>
    public float ReadActuator(int index)
    {
        ActuatorConfig actuator = _config.Actuators[index];
        DeviceConfig device = _config.Device(actuator.Device)!;
        ActuatorRange range = actuator.Range;
        if (actuator.Kind == ActuatorKinds.DcMotor)
        {
            MotorCalibration motor = actuator.ToMotorCalibration();
            double duty = DutyCycle(device, actuator.Channel);
            float u = (float)Math.Clamp(duty * Direction(actuator.DirectionPins!) / motor.MaxDuty, -1.0, 1.0);
            return FromFraction(motor.Reversed ? -u : u, range);
        }
        PulseCalibration pulse = actuator.ToPulseCalibration();
        double width = PulseMicroseconds(device, actuator.Channel);
        if (width <= 0)
        {
            return range.Neutral; // no signal: an ESC stops, a servo goes limp
        }
        double n = pulse.NeutralPulseMicroseconds;
        double fraction = width >= n
            ? (width - n) / (pulse.MaxPulseMicroseconds - n)
            : pulse.IsBidirectional ? (width - n) / (n - pulse.MinPulseMicroseconds) : 0;
        float v = (float)Math.Clamp(fraction, -1.0, 1.0);
        return FromFraction(pulse.Reversed ? -v : v, range);
    }

    /// <summary>
    /// What the IMU called <paramref name="device"/> measures: body rates (rad/s) and specific force (m/s²); a BNO055
    /// also reports its fused attitude (roll, pitch, heading in rad), which an MPU-6050 leaves to the filter.
    /// </summary>
    public void SetImu(string device, Vector3 angularRate, Vector3 acceleration, Vector3 attitude = default)
    {
        DeviceConfig imu = _config.Devices.FirstOrDefault(d => d.Name == device && d.Type is DeviceTypes.Mpu6050 or DeviceTypes.Bno055)
            ?? throw new ArgumentException($"no IMU device named '{device}'", nameof(device));
        if (imu.Type == DeviceTypes.Mpu6050)
        {
            Board.Chip<EmulatedMpu6050>(imu.I2cBus!.Value, imu.I2cAddress).SetMotion(angularRate, acceleration);
        }
        else
        {
            Board.Chip<EmulatedBno055>(imu.I2cBus!.Value, imu.I2cAddress).SetState(angularRate, acceleration, attitude.X, attitude.Y, attitude.Z);
        }
    }

    /// <summary>Turns the wheels of <paramref name="device"/> to absolute angles (rad), emitting every encoder edge.</summary>
    public void SetWheelAngles(string device, double leftRadians, double rightRadians)
    {
        if (!_wheels.TryGetValue(device, out var wheels))
        {
            throw new ArgumentException($"no wheel_encoders device named '{device}'", nameof(device));
        }
        wheels.Left.SetAngle(leftRadians);
        wheels.Right.SetAngle(rightRadians);
    }

    /// <summary>Presses or releases the switch called <paramref name="device"/>.</summary>
    public void SetSwitch(string device, bool active)
    {
        DeviceConfig sw = Find(device, DeviceTypes.Switch);
        Board.GpioDriver.SetInput(sw.Pin!.Value, active == (sw.ActiveLevel != "low") ? PinValue.High : PinValue.Low);
    }

    /// <summary>Presses or releases the kill switch.</summary>
    public void SetKillSwitch(bool active)
    {
        KillSwitchConfig kill = _config.KillSwitch ?? throw new InvalidOperationException("the config has no kill switch");
        Board.GpioDriver.SetInput(kill.Pin, active == (kill.ActiveLevel != "low") ? PinValue.High : PinValue.Low);
    }

    /// <summary>Sends <paramref name="values"/> to the udp_state device called <paramref name="device"/> over loopback, as a tracker would.</summary>
    public void SendExternalState(string device, ReadOnlySpan<float> values)
    {
        DeviceConfig udp = Find(device, DeviceTypes.UdpState);
        int length = ExternalStateDatagram.Write(_datagram, ++_sequence, values);
        _sender.Send(_datagram.AsSpan(0, length), new IPEndPoint(IPAddress.Loopback, udp.Port!.Value));
    }

    /// <inheritdoc/>
    public void Dispose() => _sender.Dispose();

    private static float FromFraction(float u, ActuatorRange range) =>
        u >= 0 ? range.Neutral + (u * (range.High - range.Neutral)) : range.Neutral + (u * (range.Neutral - range.Low));

    private double PulseMicroseconds(DeviceConfig device, int channel)
    {
        if (device.Type == DeviceTypes.Pca9685)
        {
            return Board.Chip<EmulatedPca9685>(device.I2cBus!.Value, device.ToPca9685Settings().Address).PulseMicroseconds(channel);
        }
        return Board.Pwm(device.Chip!.Value, channel)?.PulseMicroseconds ?? 0;
    }

    private double DutyCycle(DeviceConfig device, int channel)
    {
        if (device.Type == DeviceTypes.Pca9685)
        {
            return Board.Chip<EmulatedPca9685>(device.I2cBus!.Value, device.ToPca9685Settings().Address).DutyCycle(channel);
        }
        return Board.Pwm(device.Chip!.Value, channel)?.EffectiveDutyCycle ?? 0;
    }

    private int Direction(int[] pins)
    {
        bool first = Board.GpioDriver.Level(pins[0]) == PinValue.High;
        if (pins.Length == 1)
        {
            return first ? 1 : -1;
        }
        bool second = Board.GpioDriver.Level(pins[1]) == PinValue.High;
        return first == second ? 0 : first ? 1 : -1; // both equal: the bridge brakes or coasts
    }

    private DeviceConfig Find(string name, string type) =>
        _config.Devices.FirstOrDefault(d => d.Name == name && d.Type == type)
            ?? throw new ArgumentException($"no {type} device named '{name}'", nameof(name));
}
