// Hardware (or an emulated board) as a plant: the contract's observations are gathered from named input channels and
// its actuators are written to named output channels. The wiring is checked once, at construction, so a missing or
// extra name is a one-line error before anything moves; per tick the plant only copies values.
using DrlRobot.Hardware;
using DrlRobot.Hardware.Inputs;
using DrlRobot.Hardware.Outputs;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Control;

/// <summary>An <see cref="IPlant"/> over <see cref="IInputChannel"/>s and <see cref="IOutputChannel"/>s; owns them.</summary>
public sealed class ChannelPlant : IPlant
{
    private readonly IInputChannel[] _inputs;
    private readonly float[][] _inputBuffers;
    private readonly int[][] _inputTargets;
    private readonly IOutputChannel[] _outputs;
    private bool _disposed;

    /// <param name="contract">The robot contract the channels implement.</param>
    /// <param name="inputs">Every observation name of the contract must come from exactly one value of one input.</param>
    /// <param name="outputs">One output per actuator of the contract, matched by name.</param>
    /// <exception cref="ArgumentException">An observation or actuator has no channel, or two.</exception>
    public ChannelPlant(RobotContract contract, IReadOnlyList<IInputChannel> inputs, IReadOnlyList<IOutputChannel> outputs)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Contract = contract;
        var observationIndex = contract.Observations.Select((o, i) => (o.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var covered = new bool[contract.Observations.Count];
        _inputs = [.. inputs];
        _inputBuffers = new float[_inputs.Length][];
        _inputTargets = new int[_inputs.Length][];
        for (int c = 0; c < _inputs.Length; c++)
        {
            IReadOnlyList<string> names = _inputs[c].ValueNames;
            _inputBuffers[c] = new float[names.Count];
            _inputTargets[c] = new int[names.Count];
            for (int v = 0; v < names.Count; v++)
            {
                // Values the contract does not use (a spare IMU axis) are read and ignored.
                if (!observationIndex.TryGetValue(names[v], out int target))
                {
                    _inputTargets[c][v] = -1;
                    continue;
                }
                if (covered[target])
                {
                    throw new ArgumentException($"observation '{names[v]}' comes from two inputs");
                }
                covered[target] = true;
                _inputTargets[c][v] = target;
            }
        }
        int missing = Array.IndexOf(covered, false);
        if (missing >= 0)
        {
            throw new ArgumentException($"observation '{contract.Observations[missing].Name}' has no input channel");
        }

        _outputs = new IOutputChannel[contract.Actuators.Count];
        foreach (IOutputChannel output in outputs)
        {
            int index = contract.Actuators.Select(a => a.Name).ToList().IndexOf(output.Name);
            if (index < 0)
            {
                throw new ArgumentException($"output '{output.Name}' is not an actuator of {contract.EnvId}");
            }
            if (_outputs[index] is not null)
            {
                throw new ArgumentException($"actuator '{output.Name}' has two outputs");
            }
            _outputs[index] = output;
        }
        for (int i = 0; i < _outputs.Length; i++)
        {
            if (_outputs[i] is null)
            {
                throw new ArgumentException($"actuator '{contract.Actuators[i].Name}' has no output channel");
            }
        }
        CommandNeutral();
    }

    /// <inheritdoc />
    public RobotContract Contract { get; }

    /// <inheritdoc />
    public string Label => "hardware";

    /// <inheritdoc />
    public bool Finished => false;

    /// <inheritdoc />
    public int Episode => 0;

    /// <inheritdoc />
    public bool Healthy
    {
        get
        {
            foreach (IInputChannel input in _inputs)
            {
                if (input.Status == DeviceStatus.Failed)
                {
                    return false;
                }
            }
            foreach (IOutputChannel output in _outputs)
            {
                if (output.Status == DeviceStatus.Failed)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>Reads every input; the timestamp is the oldest of them, so one stale sensor makes the whole reading stale.</summary>
    public bool Sense(Span<float> observation, out long timestamp)
    {
        timestamp = long.MaxValue;
        bool valid = true;
        for (int c = 0; c < _inputs.Length; c++)
        {
            float[] buffer = _inputBuffers[c];
            if (!_inputs[c].TryRead(buffer, out long stamp))
            {
                valid = false;
                continue;
            }
            timestamp = Math.Min(timestamp, stamp);
            int[] targets = _inputTargets[c];
            for (int v = 0; v < buffer.Length; v++)
            {
                if (targets[v] >= 0)
                {
                    observation[targets[v]] = buffer[v];
                }
            }
        }
        if (timestamp == long.MaxValue)
        {
            timestamp = 0;
        }
        return valid;
    }

    /// <inheritdoc />
    public void Command(ReadOnlySpan<float> command)
    {
        for (int i = 0; i < _outputs.Length; i++)
        {
            _outputs[i].Write(command[i]);
        }
    }

    /// <inheritdoc />
    public void CommandNeutral()
    {
        foreach (IOutputChannel output in _outputs)
        {
            output.WriteNeutral();
        }
    }

    /// <summary>Commands neutral, then disposes every channel (each leaves its output neutral too).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        CommandNeutral();
        foreach (IOutputChannel output in _outputs)
        {
            output.Dispose();
        }
        foreach (IInputChannel input in _inputs)
        {
            input.Dispose();
        }
    }
}
