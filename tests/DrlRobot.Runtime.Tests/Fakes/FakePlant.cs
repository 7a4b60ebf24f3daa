// A plant for control-loop tests: first-order dynamics with no allocation, a recorded command history, and knobs for
// stale, missing or failed input.
using System.Diagnostics;
using DrlRobot.Runtime.Control;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Tests.Fakes;

internal sealed class FakePlant(RobotContract contract) : IPlant
{
    private readonly float[] _state = new float[contract.Observations.Count];

    public RobotContract Contract { get; } = contract;

    public string Label => "fake plant";

    public bool Finished { get; set; }

    public int Episode => 0;

    public bool Healthy { get; set; } = true;

    /// <summary>Reported input age in seconds (0: fresh).</summary>
    public double InputAgeSeconds { get; set; }

    /// <summary>Sense returns false (no valid input).</summary>
    public bool InputMissing { get; set; }

    /// <summary>Called at the start of every Sense with the 0-based sense count (before the tick does anything else).</summary>
    public Action<long>? OnSense { get; set; }

    public long Senses { get; private set; }

    public List<float[]> Commands { get; } = [];

    /// <summary>When false, commands are counted but not stored (the allocation test).</summary>
    public bool RecordCommands { get; set; } = true;

    public long CommandCount { get; private set; }

    public int NeutralCommands { get; private set; }

    public float[] LastCommand { get; } = new float[contract.Actuators.Count];

    public bool Sense(Span<float> observation, out long timestamp)
    {
        OnSense?.Invoke(Senses);
        Senses++;
        _state.CopyTo(observation);
        timestamp = Stopwatch.GetTimestamp() - (long)(InputAgeSeconds * Stopwatch.Frequency);
        return !InputMissing;
    }

    public void Command(ReadOnlySpan<float> command)
    {
        command.CopyTo(LastCommand);
        CommandCount++;
        if (RecordCommands)
        {
            Commands.Add(command.ToArray());
        }
        // Each observation drifts slowly toward the first command, inside its range: a plant that responds.
        for (int i = 0; i < _state.Length; i++)
        {
            _state[i] += 0.01f * (command[0] - _state[i]);
        }
    }

    public void CommandNeutral()
    {
        NeutralCommands++;
        for (int i = 0; i < LastCommand.Length; i++)
        {
            LastCommand[i] = Contract.Actuators[i].Neutral;
        }
    }

    public void Dispose()
    {
    }
}
