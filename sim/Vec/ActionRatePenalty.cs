// An action-rate penalty for training (legged_gym's action_rate term): each step's reward loses
// weight × Σ_a ((u_a(k) − u_a(k−1)) / (high_a − low_a))², the squared change of every actuator's command as a share
// of its range, so that a policy pays for chattering between steps. The first step of an episode is not charged.
// A wrapper over any env: the physics, observations and episode ends are the env's own.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim.Vec;

/// <summary>Wraps an env and charges its rewards for changes of command between steps.</summary>
public sealed class ActionRatePenalty : IVecEnv, INonFiniteActionCounter
{
    private readonly IVecEnv _inner;
    private readonly double _weight;
    private readonly float[] _previous;
    private readonly bool[] _hasPrevious;
    private readonly float[] _inverseRange;
    private readonly int _nAct;

    /// <summary>Wraps <paramref name="inner"/> (owned) with penalty weight <paramref name="weight"/> ≥ 0.</summary>
    public ActionRatePenalty(IVecEnv inner, double weight)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!(weight >= 0) || !double.IsFinite(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "the action-rate penalty must be a finite number ≥ 0");
        }
        _inner = inner;
        _weight = weight;
        _nAct = inner.Contract.Actuators.Count;
        _previous = new float[inner.NumEnvs * _nAct];
        _hasPrevious = new bool[inner.NumEnvs];
        _inverseRange = [.. inner.Contract.Actuators.Select(a => a.High > a.Low ? 1f / (a.High - a.Low) : 0f)];
    }

    /// <summary>Penalty charged so far, summed over all steps and envs (for logging).</summary>
    public double TotalPenalty { get; private set; }

    /// <inheritdoc />
    public int NumEnvs => _inner.NumEnvs;

    /// <inheritdoc />
    public RobotContract Contract => _inner.Contract;

    /// <inheritdoc />
    public ReadOnlySpan<float> FinalObservations => _inner.FinalObservations;

    /// <inheritdoc />
    public ReadOnlySpan<bool> Success => _inner.Success;

    /// <inheritdoc />
    public long NonFiniteActionCount => _inner is INonFiniteActionCounter counter ? counter.NonFiniteActionCount : 0;

    /// <inheritdoc />
    public void Reset(ulong seed, Span<float> observations)
    {
        _inner.Reset(seed, observations);
        Array.Clear(_hasPrevious);
    }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<bool> terminated, Span<bool> truncated)
    {
        _inner.Step(actions, observations, rewards, terminated, truncated);
        for (int e = 0; e < NumEnvs; e++)
        {
            ReadOnlySpan<float> now = actions.Slice(e * _nAct, _nAct);
            Span<float> before = _previous.AsSpan(e * _nAct, _nAct);
            if (_hasPrevious[e])
            {
                double sum = 0;
                for (int a = 0; a < _nAct; a++)
                {
                    // A non-finite command is the env's to handle (it flies neutral and counts it); it is not charged.
                    double change = float.IsFinite(now[a]) && float.IsFinite(before[a]) ? (now[a] - before[a]) * _inverseRange[a] : 0;
                    sum += change * change;
                }
                double penalty = _weight * sum;
                rewards[e] -= (float)penalty;
                TotalPenalty += penalty;
            }
            now.CopyTo(before);
            _hasPrevious[e] = !(terminated[e] || truncated[e]);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _inner.Dispose();
}
