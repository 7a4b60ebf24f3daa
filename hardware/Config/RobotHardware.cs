// The opened devices of one robot: outputs in the model's order, inputs by device name, the observation builder.
using DrlRobot.Hardware.Devices.Pca9685;
using DrlRobot.Hardware.Inputs;
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Config;

/// <summary>
/// What <see cref="HardwareFactory"/> opened. The control loop writes <see cref="Outputs"/>, builds observations with
/// <see cref="Observations"/>, polls <see cref="KillSwitch"/>, and acts on <see cref="WorstStatus"/>. Disposing sends
/// every output to neutral first, then closes outputs, inputs, boards and (when owned) the buses.
/// </summary>
public sealed class RobotHardware : IDisposable
{
    private readonly List<IDisposable> _boards;
    private readonly IHardwareBuses _buses;
    private readonly bool _ownsBuses;
    private bool _disposed;

    internal RobotHardware(HardwareConfig config, IReadOnlyList<IOutputChannel> outputs, IReadOnlyDictionary<string, IInputChannel> inputs,
        ObservationBuilder? observations, SwitchInput? killSwitch, List<IDisposable> boards, IHardwareBuses buses, bool ownsBuses)
    {
        Config = config;
        Outputs = outputs;
        Inputs = inputs;
        Observations = observations;
        KillSwitch = killSwitch;
        _boards = boards;
        _buses = buses;
        _ownsBuses = ownsBuses;
    }

    /// <summary>The config the devices were opened for.</summary>
    public HardwareConfig Config { get; }

    /// <summary>One output per actuator, in the config's (the model's) order.</summary>
    public IReadOnlyList<IOutputChannel> Outputs { get; }

    /// <summary>Input devices by name.</summary>
    public IReadOnlyDictionary<string, IInputChannel> Inputs { get; }

    /// <summary>The observation builder, or null when the config lists no observations (a link robot, say).</summary>
    public ObservationBuilder? Observations { get; }

    /// <summary>The kill switch, when the config has one.</summary>
    public SwitchInput? KillSwitch { get; }

    /// <summary>The buses the devices were opened on (the <see cref="Devices.Emulated.EmulatedBoard"/> when emulated).</summary>
    public IHardwareBuses Buses => _buses;

    /// <summary>True once every ESC has held neutral for its arming time (servos and motors need none).</summary>
    public bool AllArmed => Outputs.OfType<PulseOutput>().All(o => o.IsArmed);

    /// <summary>The worst health among outputs and inputs.</summary>
    public DeviceStatus WorstStatus
    {
        get
        {
            DeviceStatus worst = DeviceStatus.Ok;
            foreach (IOutputChannel output in Outputs)
            {
                worst = output.Status > worst ? output.Status : worst;
            }
            foreach (IInputChannel input in Inputs.Values)
            {
                worst = input.Status > worst ? input.Status : worst;
            }
            return worst;
        }
    }

    /// <summary>Writes actuator commands in the model's order; never throws.</summary>
    public void Write(ReadOnlySpan<float> commands)
    {
        if (commands.Length != Outputs.Count)
        {
            throw new ArgumentException($"{commands.Length} commands for {Outputs.Count} outputs", nameof(commands));
        }
        for (int i = 0; i < commands.Length; i++)
        {
            Outputs[i].Write(commands[i]);
        }
    }

    /// <summary>Sends every output to neutral; never throws.</summary>
    public void WriteNeutral()
    {
        foreach (IOutputChannel output in Outputs)
        {
            output.WriteNeutral();
        }
    }

    /// <summary>Neutral everywhere, then closes everything in reverse order of opening.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        WriteNeutral();
        foreach (IOutputChannel output in Outputs)
        {
            output.Dispose();
        }
        foreach (IInputChannel input in Inputs.Values)
        {
            input.Dispose();
        }
        KillSwitch?.Dispose();
        for (int i = _boards.Count - 1; i >= 0; i--)
        {
            _boards[i].Dispose();
        }
        if (_ownsBuses)
        {
            _buses.Dispose();
        }
    }

    /// <summary>The PCA9685 boards opened, for diagnostics.</summary>
    public IEnumerable<Pca9685Device> Pca9685Boards => _boards.OfType<Pca9685Device>();
}
