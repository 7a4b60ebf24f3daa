// `drl-run hw --shadow`: the real inputs are read, the policy and the supervisor run, but every output is held
// neutral; what would have been commanded is kept here (and in the telemetry's command column) for review.
using DrlRobot.Runtime.Control;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Hil;

/// <summary>Wraps a plant so that each command becomes neutral; owns the inner plant.</summary>
public sealed class ShadowPlant : IPlant
{
    private readonly IPlant _inner;
    private readonly double[] _sumAbs;
    private readonly float[] _neutral;

    /// <summary>Shadows <paramref name="inner"/>.</summary>
    public ShadowPlant(IPlant inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _sumAbs = new double[inner.Contract.Actuators.Count];
        _neutral = [.. inner.Contract.Actuators.Select(a => a.Neutral)];
        WouldCommand = new float[_sumAbs.Length];
    }

    /// <inheritdoc />
    public RobotContract Contract => _inner.Contract;

    /// <inheritdoc />
    public string Label => _inner.Label;

    /// <inheritdoc />
    public bool Finished => _inner.Finished;

    /// <inheritdoc />
    public int Episode => _inner.Episode;

    /// <inheritdoc />
    public bool Healthy => _inner.Healthy;

    /// <summary>The plant underneath.</summary>
    public IPlant Inner => _inner;

    /// <summary>The last command the supervisor let through (and this plant withheld).</summary>
    public float[] WouldCommand { get; }

    /// <summary>Ticks on which the withheld command differed from neutral.</summary>
    public long ActiveTicks { get; private set; }

    /// <summary>Ticks commanded.</summary>
    public long Ticks { get; private set; }

    /// <summary>Mean absolute distance from neutral of each withheld actuator command.</summary>
    public IReadOnlyList<double> MeanAbsoluteCommand => [.. _sumAbs.Select(s => Ticks == 0 ? 0 : s / Ticks)];

    /// <inheritdoc />
    public bool Sense(Span<float> observation, out long timestamp) => _inner.Sense(observation, out timestamp);

    /// <summary>Records <paramref name="command"/> and sends neutral instead.</summary>
    public void Command(ReadOnlySpan<float> command)
    {
        command.CopyTo(WouldCommand);
        bool active = false;
        for (int i = 0; i < command.Length; i++)
        {
            float offset = Math.Abs(command[i] - _neutral[i]);
            _sumAbs[i] += offset;
            active |= offset > 0;
        }
        Ticks++;
        if (active)
        {
            ActiveTicks++;
        }
        _inner.CommandNeutral();
    }

    /// <inheritdoc />
    public void CommandNeutral() => _inner.CommandNeutral();

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();
}
