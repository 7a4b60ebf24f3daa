// Opens the devices a hardware config describes, on a Pi's buses or the emulated board, or nothing at all.
using System.Device.Gpio;
using System.Device.Pwm;
using System.Net;
using DrlRobot.Hardware.Devices.Bno055;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Devices.Encoders;
using DrlRobot.Hardware.Devices.Mpu6050;
using DrlRobot.Hardware.Devices.Pca9685;
using DrlRobot.Hardware.Inputs;
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Config;

/// <summary>
/// Turns a validated <see cref="HardwareConfig"/> into <see cref="RobotHardware"/>. Devices open in config order,
/// inputs before outputs; if anything fails, everything already opened is closed (outputs to neutral) and one
/// <see cref="IOException"/> names the device: nothing is left armed.
/// </summary>
public static class HardwareFactory
{
    /// <summary>
    /// Opens <paramref name="config"/> on the buses its board names: a Raspberry Pi's, or a fresh
    /// <see cref="EmulatedRobot"/>'s board (then <paramref name="emulated"/> is the simulator's handle on it).
    /// </summary>
    public static RobotHardware Open(HardwareConfig config, out EmulatedRobot? emulated, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Board == Boards.Emulated)
        {
            emulated = EmulatedRobot.Create(config);
            return Open(config, emulated.Board, ownsBuses: true, time);
        }
        emulated = null;
        return Open(config, new RaspberryPiBuses(config.GpioChip), ownsBuses: true, time);
    }

    /// <summary>Opens <paramref name="config"/> on <paramref name="buses"/> (the emulated board, in tests and dry runs).</summary>
    public static RobotHardware Open(HardwareConfig config, IHardwareBuses buses, bool ownsBuses, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(buses);
        config.Validate();
        if (config.Actuators.Any(a => a.Kind == ActuatorKinds.Link) || config.Observations.Any(o => o.Source == ObservationSources.Link))
        {
            throw new HardwareConfigException("link", "this robot's actuators and observations are on the serial link: drive it with a LinkClient (drl-run hw does), not through the Pi's buses");
        }
        var boards = new List<IDisposable>();
        var pca9685 = new Dictionary<string, Pca9685Device>();
        var inputs = new Dictionary<string, IInputChannel>();
        var outputs = new List<IOutputChannel>();
        SwitchInput? killSwitch = null;
        try
        {
            foreach (DeviceConfig device in config.Devices)
            {
                Opening(device.Name, device.Type, () =>
                {
                    switch (device.Type)
                    {
                        case DeviceTypes.Pca9685:
                            Pca9685Settings settings = device.ToPca9685Settings();
                            var board = new Pca9685Device(buses.OpenI2c(device.I2cBus!.Value, settings.Address), settings);
                            boards.Add(board);
                            pca9685[device.Name] = board;
                            break;
                        case DeviceTypes.Mpu6050:
                            Mpu6050Settings imu = device.ToMpu6050Settings();
                            inputs[device.Name] = new ImuInput(new Mpu6050Device(buses.OpenI2c(device.I2cBus!.Value, imu.Address), imu, time),
                                new ComplementaryFilter(device.FilterTimeConstantS ?? 0.5f));
                            break;
                        case DeviceTypes.Bno055:
                            Bno055Settings fused = device.ToBno055Settings();
                            inputs[device.Name] = new Bno055Input(new Bno055Device(buses.OpenI2c(device.I2cBus!.Value, fused.Address), fused, time));
                            break;
                        case DeviceTypes.WheelEncoders:
                            GpioController gpio = buses.Gpio();
                            var left = new QuadratureEncoder(gpio, device.LeftPins![0], device.LeftPins[1], time);
                            QuadratureEncoder right;
                            try
                            {
                                right = new QuadratureEncoder(gpio, device.RightPins![0], device.RightPins[1], time);
                            }
                            catch
                            {
                                left.Dispose();
                                throw;
                            }
                            inputs[device.Name] = new OdometryInput(left, right, device.CountsPerRevolution!.Value,
                                new WheelOdometry(device.WheelRadiusM!.Value, device.TrackWidthM!.Value), time);
                            break;
                        case DeviceTypes.UdpState:
                            var endpoint = new IPEndPoint(IPAddress.Parse(device.ListenAddress ?? "0.0.0.0"), device.Port!.Value);
                            inputs[device.Name] = new ExternalStateInput(endpoint, device.Values!, time);
                            break;
                        case DeviceTypes.Switch:
                            inputs[device.Name] = new SwitchInput(buses.Gpio(), device.Pin!.Value, Level(device.ActiveLevel), time);
                            break;
                        default:
                            break; // pi_pwm: its channels open with the actuators that use them
                    }
                });
            }
            if (config.KillSwitch is { } kill)
            {
                Opening("kill_switch", "switch", () => killSwitch = new SwitchInput(buses.Gpio(), kill.Pin, Level(kill.ActiveLevel), time, failSafe: true));
            }
            foreach (ActuatorConfig actuator in config.Actuators)
            {
                DeviceConfig device = config.Device(actuator.Device)!;
                Opening(actuator.Name, actuator.Kind, () => outputs.Add(OpenOutput(actuator, device, pca9685, buses, time)));
            }
            ObservationBuilder? observations = config.Observations.Count == 0 ? null : new ObservationBuilder(
                [.. config.Observations.Select(o => new ObservationBinding(o.Name, inputs[o.Source], o.Value, o.Scale, o.Offset))], time);
            return new RobotHardware(config, outputs, inputs, observations, killSwitch, boards, buses, ownsBuses);
        }
        catch
        {
            new RobotHardware(config, outputs, inputs, null, killSwitch, boards, buses, ownsBuses).Dispose();
            throw;
        }
    }

    private static IOutputChannel OpenOutput(ActuatorConfig actuator, DeviceConfig device, Dictionary<string, Pca9685Device> pca9685,
        IHardwareBuses buses, TimeProvider? time)
    {
        PwmChannel channel = device.Type == DeviceTypes.Pca9685
            ? pca9685[device.Name].CreatePwmChannel(actuator.Channel)
            : buses.OpenPwm(device.Chip!.Value, actuator.Channel, device.FrequencyHz!.Value);
        try
        {
            if (actuator.Kind != ActuatorKinds.DcMotor)
            {
                return new PulseOutput(actuator.Name, channel, actuator.Range, actuator.ToPulseCalibration(), actuator.ArmTime, time);
            }
            GpioController gpio = buses.Gpio();
            int[] pins = actuator.DirectionPins!;
            var motor = pins.Length == 2 ? HBridge.ThreePin(channel, pins[0], pins[1], gpio) : HBridge.TwoPin(channel, pins[0], gpio);
            return new DcMotorOutput(actuator.Name, motor, actuator.Range, actuator.ToMotorCalibration());
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    private static PinValue Level(string? level) => level == "low" ? PinValue.Low : PinValue.High;

    private static void Opening(string name, string type, Action open)
    {
        try
        {
            open();
        }
        catch (Exception e) when (e is not HardwareConfigException)
        {
            throw new IOException($"{type} '{name}': {e.Message}", e);
        }
    }
}
