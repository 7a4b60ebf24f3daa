// Checks across a hardware config's sections: unique names, references that resolve, channels and pins used once.
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Config;

/// <summary>The validation of <see cref="HardwareConfig"/>, field by field, then across fields.</summary>
internal static class HardwareConfigValidation
{
    public static void Validate(HardwareConfig config)
    {
        if (config.Board is not (Boards.RaspberryPi or Boards.Emulated))
        {
            throw new HardwareConfigException("board", $"unknown board '{config.Board}' (known: {Boards.RaspberryPi}, {Boards.Emulated})");
        }
        if (config.GpioChip is < 0)
        {
            throw new HardwareConfigException("gpio_chip", $"{config.GpioChip} must not be negative");
        }
        if (config.Actuators.Count == 0)
        {
            throw new HardwareConfigException("actuators", "a robot needs at least one actuator");
        }
        for (int i = 0; i < config.Devices.Count; i++)
        {
            config.Devices[i].Validate($"devices[{i}]");
        }
        Unique("devices", config.Devices.Select(d => d.Name).ToArray());
        Unique("actuators", config.Actuators.Select(a => a.Name).ToArray());
        Unique("observations", config.Observations.Select(o => o.Name).ToArray());
        config.KillSwitch?.Validate();
        config.Link?.Validate();
        CheckBuses(config);
        CheckActuators(config);
        CheckObservations(config);
        CheckPins(config);
    }

    private static void Unique(string section, string[] names)
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < names.Length; i++)
        {
            if (!seen.Add(names[i]))
            {
                throw new HardwareConfigException($"{section}[{i}].name", $"'{names[i]}' is used twice");
            }
        }
    }

    private static void CheckBuses(HardwareConfig config)
    {
        var i2c = new Dictionary<(int, int), string>();
        var pwmChips = new Dictionary<int, string>();
        var udpPorts = new Dictionary<int, string>();
        for (int i = 0; i < config.Devices.Count; i++)
        {
            DeviceConfig d = config.Devices[i];
            string path = $"devices[{i}] ({d.Name})";
            if (d.Type is DeviceTypes.Pca9685 or DeviceTypes.Mpu6050 or DeviceTypes.Bno055)
            {
                int address = d.I2cAddress;
                if (!i2c.TryAdd((d.I2cBus!.Value, address), d.Name))
                {
                    throw new HardwareConfigException($"{path}.address",
                        $"0x{address:X2} on I2C bus {d.I2cBus} is already used by '{i2c[(d.I2cBus.Value, address)]}'");
                }
            }
            if (d.Type == DeviceTypes.PiPwm && !pwmChips.TryAdd(d.Chip!.Value, d.Name))
            {
                throw new HardwareConfigException($"{path}.chip", $"pwmchip{d.Chip} is already used by '{pwmChips[d.Chip.Value]}'");
            }
            if (d.Type == DeviceTypes.UdpState && !udpPorts.TryAdd(d.Port!.Value, d.Name))
            {
                throw new HardwareConfigException($"{path}.port", $"UDP port {d.Port} is already used by '{udpPorts[d.Port.Value]}'");
            }
        }
    }

    private static void CheckActuators(HardwareConfig config)
    {
        var channels = new Dictionary<(string, int), string>();
        for (int i = 0; i < config.Actuators.Count; i++)
        {
            ActuatorConfig a = config.Actuators[i];
            a.Validate($"actuators[{i}]");
            string path = $"actuators[{i}] ({a.Name})";
            if (a.Kind == ActuatorKinds.Link && config.Link is null)
            {
                throw new HardwareConfigException($"{path}.kind", "a link actuator needs the config's link section");
            }
            if (a.Kind == ActuatorKinds.Link)
            {
                continue;
            }
            DeviceConfig device = config.Device(a.Device)
                ?? throw new HardwareConfigException($"{path}.device", $"no device named '{a.Device}'");
            if (!DeviceTypes.IsPwmSource(device.Type))
            {
                throw new HardwareConfigException($"{path}.device", $"'{a.Device}' is a {device.Type}, not a PWM source ({DeviceTypes.Pca9685} or {DeviceTypes.PiPwm})");
            }
            int max = DeviceTypes.MaxChannel(device.Type);
            if (a.Channel > max)
            {
                throw new HardwareConfigException($"{path}.channel", $"{a.Channel} is not a channel of a {device.Type} (0–{max})");
            }
            if (!channels.TryAdd((a.Device, a.Channel), a.Name))
            {
                throw new HardwareConfigException($"{path}.channel", $"channel {a.Channel} of '{a.Device}' is already used by '{channels[(a.Device, a.Channel)]}'");
            }
            if (a.Kind != ActuatorKinds.DcMotor)
            {
                PulseCalibration calibration = a.ToPulseCalibration();
                double period = 1e6 / device.ChannelFrequencyHz;
                if (calibration.MaxPulseMicroseconds >= period)
                {
                    throw new HardwareConfigException($"{path}.calibration.max_pulse_us",
                        $"{calibration.MaxPulseMicroseconds} µs does not fit the {device.ChannelFrequencyHz:0.#} Hz period of '{a.Device}'");
                }
            }
        }
    }

    private static void CheckObservations(HardwareConfig config)
    {
        for (int i = 0; i < config.Observations.Count; i++)
        {
            ObservationConfig o = config.Observations[i];
            string path = $"observations[{i}] ({o.Name})";
            if (string.IsNullOrWhiteSpace(o.Name))
            {
                throw new HardwareConfigException($"observations[{i}].name", "must not be empty");
            }
            if (o.Source == ObservationSources.Link && config.Link is null)
            {
                throw new HardwareConfigException($"{path}.source", "source 'link' needs the config's link section");
            }
            if (o.Source == ObservationSources.Link)
            {
                if (!string.IsNullOrEmpty(o.Value) || o.Scale != 1f || o.Offset != 0f)
                {
                    throw new HardwareConfigException($"{path}.value", "link telemetry carries the model's observation as is: no value, scale or offset");
                }
                continue;
            }
            DeviceConfig source = config.Device(o.Source)
                ?? throw new HardwareConfigException($"{path}.source", $"no device named '{o.Source}'");
            if (!DeviceTypes.IsInput(source.Type))
            {
                throw new HardwareConfigException($"{path}.source", $"'{o.Source}' is a {source.Type}, which provides no observations");
            }
            IReadOnlyList<string> values = DeviceTypes.ValueNames(source);
            if (!values.Contains(o.Value))
            {
                throw new HardwareConfigException($"{path}.value", $"'{o.Source}' has no value '{o.Value}' (it has {string.Join(", ", values)})");
            }
            if (!float.IsFinite(o.Scale) || o.Scale == 0f)
            {
                throw new HardwareConfigException($"{path}.scale", $"{o.Scale} must be finite and not zero");
            }
            if (!float.IsFinite(o.Offset))
            {
                throw new HardwareConfigException($"{path}.offset", $"{o.Offset} must be finite");
            }
        }
    }

    private static void CheckPins(HardwareConfig config)
    {
        var used = new Dictionary<int, string>();
        void Claim(int pin, string field)
        {
            if (!used.TryAdd(pin, field))
            {
                throw new HardwareConfigException(field, $"GPIO {pin} is already used by {used[pin]}");
            }
        }
        if (config.KillSwitch is { } kill)
        {
            Claim(kill.Pin, "kill_switch.pin");
        }
        for (int i = 0; i < config.Devices.Count; i++)
        {
            DeviceConfig d = config.Devices[i];
            foreach ((int pin, string field) in d.GpioPins())
            {
                Claim(pin, $"devices[{i}] ({d.Name}).{field}");
            }
        }
        for (int i = 0; i < config.Actuators.Count; i++)
        {
            ActuatorConfig a = config.Actuators[i];
            foreach (int pin in a.DirectionPins ?? [])
            {
                Claim(pin, $"actuators[{i}] ({a.Name}).direction_pins");
            }
        }
    }
}
