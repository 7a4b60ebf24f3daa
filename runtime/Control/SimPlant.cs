// The simulator as a plant: a dry run drives the single-robot view of the training physics through the same loop and
// supervisor as the robot. Each command advances the simulation one control period; finished episodes are recorded
// and the next one starts from the next seed, until the requested number of episodes is done.
using System.Diagnostics;
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Control;

/// <summary>The outcome of one simulated episode.</summary>
/// <param name="Return">Sum of rewards.</param>
/// <param name="Length">Control steps.</param>
/// <param name="Success">Whether it ended in success as the environment defines it.</param>
public readonly record struct EpisodeResult(double Return, int Length, bool Success);

/// <summary>An <see cref="IPlant"/> over an <see cref="IRobotSim"/>; episode <c>i</c> starts from seed <c>seed + i</c>.</summary>
public sealed class SimPlant : IPlant
{
    private readonly IRobotSim _sim;
    private readonly float[] _observation, _lastCommand;
    private readonly EpisodeResult[] _episodes;
    private readonly ulong _seed;
    private double _return;
    private int _length;

    /// <param name="sim">The simulated robot; this plant owns it.</param>
    /// <param name="episodes">Episodes to run before <see cref="Finished"/>.</param>
    /// <param name="seed">Seed of the first episode.</param>
    public SimPlant(IRobotSim sim, int episodes, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        _sim = sim;
        _seed = seed;
        _episodes = new EpisodeResult[episodes];
        _observation = new float[sim.Contract.Observations.Count];
        _lastCommand = new float[sim.Contract.Actuators.Count];
        _sim.Reset(seed, _observation);
    }

    /// <inheritdoc />
    public RobotContract Contract => _sim.Contract;

    /// <inheritdoc />
    public string Label => $"simulator {Contract.EnvId}";

    /// <inheritdoc />
    public bool Finished => EpisodesDone == _episodes.Length;

    /// <inheritdoc />
    public bool Healthy => true;

    /// <summary>Episodes completed so far.</summary>
    public int EpisodesDone { get; private set; }

    /// <summary>Index of the episode running now (the last one once finished).</summary>
    public int Episode => Math.Min(EpisodesDone, _episodes.Length - 1);

    /// <summary>The completed episodes, in order.</summary>
    public ReadOnlySpan<EpisodeResult> Episodes => _episodes.AsSpan(0, EpisodesDone);

    /// <summary>The command last sent (after <see cref="CommandNeutral"/>, the neutral one).</summary>
    public ReadOnlySpan<float> LastCommand => _lastCommand;

    /// <summary>The simulated sensor is perfect and sampled at the tick, so the reading is always fresh.</summary>
    public bool Sense(Span<float> observation, out long timestamp)
    {
        _observation.CopyTo(observation);
        timestamp = Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>Applies the command for one control period; starts the next episode when one ends.</summary>
    public void Command(ReadOnlySpan<float> command)
    {
        command.CopyTo(_lastCommand);
        if (Finished)
        {
            return;
        }
        StepResult step = _sim.Step(command, _observation);
        _return += step.Reward;
        _length++;
        if (step.Terminated || step.Truncated)
        {
            _episodes[EpisodesDone++] = new EpisodeResult(_return, _length, step.Success);
            _return = 0;
            _length = 0;
            if (!Finished)
            {
                _sim.Reset(_seed + (ulong)EpisodesDone, _observation);
            }
        }
    }

    /// <summary>Records neutral as the last command; the simulation does not advance.</summary>
    public void CommandNeutral()
    {
        for (int i = 0; i < _lastCommand.Length; i++)
        {
            _lastCommand[i] = Contract.Actuators[i].Neutral;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        CommandNeutral();
        _sim.Dispose();
    }
}
