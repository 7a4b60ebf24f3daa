// A robot's wiring in one file: devices, actuators (contract name → channel and calibration), observations, kill switch.
namespace DrlRobot.Hardware.Config;

/// <summary>
/// The hardware config of one robot. Load it with <see cref="HardwareConfigJson"/>, which validates it; check it
/// against a model with <see cref="CheckAgainstModel"/> before arming.
/// </summary>
public sealed record HardwareConfig
{
    /// <summary>A name for the robot, for logs.</summary>
    public string Robot { get; init; } = "";

    /// <summary>"raspberry_pi" (real buses) or "emulated" (simulator-backed devices).</summary>
    public string Board { get; init; } = Boards.RaspberryPi;

    /// <summary>The GPIO chip for libgpiod (null lets System.Device.Gpio pick; see the README for the Pi 5).</summary>
    public int? GpioChip { get; init; }

    /// <summary>Devices, referred to by name.</summary>
    public IReadOnlyList<DeviceConfig> Devices { get; init; } = [];

    /// <summary>Actuators, in the model's order.</summary>
    public IReadOnlyList<ActuatorConfig> Actuators { get; init; } = [];

    /// <summary>Observations, in the model's order.</summary>
    public IReadOnlyList<ObservationConfig> Observations { get; init; } = [];

    /// <summary>The kill switch, when the robot has one on GPIO.</summary>
    public KillSwitchConfig? KillSwitch { get; init; }

    /// <summary>The serial link, when the robot has a microcontroller.</summary>
    public LinkConfig? Link { get; init; }

    /// <summary>The device called <paramref name="name"/>, or null.</summary>
    public DeviceConfig? Device(string name) => Devices.FirstOrDefault(d => d.Name == name);

    /// <summary>Throws <see cref="HardwareConfigException"/> naming the first field that is not valid.</summary>
    public void Validate() => HardwareConfigValidation.Validate(this);

    /// <summary>
    /// Checks the config's actuators and observations against a model's, name by name and in order, and — when
    /// <paramref name="actuatorRanges"/> is given — the contract's low / high / neutral too. Throws
    /// <see cref="HardwareConfigException"/> naming the first mismatch.
    /// </summary>
    public void CheckAgainstModel(IReadOnlyList<string> actuatorNames, IReadOnlyList<string> observationNames,
        IReadOnlyList<Outputs.ActuatorRange>? actuatorRanges = null)
    {
        ArgumentNullException.ThrowIfNull(actuatorNames);
        ArgumentNullException.ThrowIfNull(observationNames);
        CheckNames("actuators", Actuators.Select(a => a.Name).ToArray(), actuatorNames);
        CheckNames("observations", Observations.Select(o => o.Name).ToArray(), observationNames);
        if (actuatorRanges is null)
        {
            return;
        }
        if (actuatorRanges.Count != actuatorNames.Count)
        {
            throw new ArgumentException($"{actuatorRanges.Count} actuator ranges for {actuatorNames.Count} actuators", nameof(actuatorRanges));
        }
        for (int i = 0; i < Actuators.Count; i++)
        {
            ActuatorConfig a = Actuators[i];
            Outputs.ActuatorRange model = actuatorRanges[i];
            foreach ((string key, float mine, float theirs) in new[] { ("low", a.Low, model.Low), ("high", a.High, model.High), ("neutral", a.Neutral, model.Neutral) })
            {
                if (MathF.Abs(mine - theirs) > 1e-6f * MathF.Max(1f, MathF.Abs(theirs)))
                {
                    throw new HardwareConfigException($"actuators[{i}] ({a.Name}).{key}", $"config has {mine}, the model has {theirs}");
                }
            }
        }
    }

    private static void CheckNames(string section, IReadOnlyList<string> config, IReadOnlyList<string> model)
    {
        for (int i = 0; i < Math.Min(config.Count, model.Count); i++)
        {
            if (config[i] != model[i])
            {
                string hint = config.Contains(model[i]) ? " (the order differs)" : $" (the config has no '{model[i]}')";
                throw new HardwareConfigException($"{section}[{i}]", $"the model expects '{model[i]}', the config has '{config[i]}'{hint}");
            }
        }
        if (config.Count < model.Count)
        {
            throw new HardwareConfigException(section, $"the model has {model.Count}, the config {config.Count}: '{model[config.Count]}' is missing");
        }
        if (config.Count > model.Count)
        {
            throw new HardwareConfigException($"{section}[{model.Count}]", $"the model has no '{config[model.Count]}' (it has {model.Count} {section})");
        }
    }
}
