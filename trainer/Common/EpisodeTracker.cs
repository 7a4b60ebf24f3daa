// Per-env episode returns and lengths in raw (unscaled) reward, and the recent window the logs report.
namespace DrlRobot.Trainer.Common;

/// <summary>Accumulates rewards per env and records each finished episode.</summary>
public sealed class EpisodeTracker
{
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private readonly Queue<(double Return, int Length, bool Success)> _recent = new();
    private readonly int _window;

    /// <summary>Tracks <paramref name="envs"/> envs and keeps the last <paramref name="window"/> episodes.</summary>
    public EpisodeTracker(int envs, int window)
    {
        _returns = new double[envs];
        _lengths = new int[envs];
        _window = window;
    }

    /// <summary>Episodes finished since the start of the run.</summary>
    public long Episodes { get; private set; }

    /// <summary>Episodes finished in the latest <see cref="Record"/> call, as (return, length) pairs.</summary>
    public List<(double Return, int Length)> JustFinished { get; } = [];

    /// <summary>Mean return of the recent window, NaN before the first episode.</summary>
    public double RecentMeanReturn => _recent.Count == 0 ? double.NaN : _recent.Average(e => e.Return);

    /// <summary>Mean length of the recent window, NaN before the first episode.</summary>
    public double RecentMeanLength => _recent.Count == 0 ? double.NaN : _recent.Average(e => e.Length);

    /// <summary>Success rate of the recent window, NaN before the first episode.</summary>
    public double RecentSuccessRate => _recent.Count == 0 ? double.NaN : _recent.Average(e => e.Success ? 1.0 : 0.0);

    /// <summary>Adds one step's rewards; records the episodes that ended in it.</summary>
    public void Record(ReadOnlySpan<float> rewards, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated,
                       ReadOnlySpan<bool> success)
    {
        JustFinished.Clear();
        for (int e = 0; e < _returns.Length; e++)
        {
            _returns[e] += rewards[e];
            _lengths[e]++;
            if (terminated[e] || truncated[e])
            {
                JustFinished.Add((_returns[e], _lengths[e]));
                _recent.Enqueue((_returns[e], _lengths[e], success[e]));
                if (_recent.Count > _window)
                {
                    _recent.Dequeue();
                }
                Episodes++;
                _returns[e] = 0;
                _lengths[e] = 0;
            }
        }
    }

    /// <summary>Drops the partial episodes (the envs were reset).</summary>
    public void ResetPartial()
    {
        Array.Clear(_returns);
        Array.Clear(_lengths);
    }

    /// <summary>Writes the counters and the recent window for a checkpoint.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Episodes);
        writer.Write(_recent.Count);
        foreach ((double r, int l, bool s) in _recent)
        {
            writer.Write(r);
            writer.Write(l);
            writer.Write(s);
        }
    }

    /// <summary>Restores what <see cref="Save"/> wrote; partial episodes start from zero.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Episodes = reader.ReadInt64();
        int count = reader.ReadInt32();
        _recent.Clear();
        for (int i = 0; i < count; i++)
        {
            _recent.Enqueue((reader.ReadDouble(), reader.ReadInt32(), reader.ReadBoolean()));
        }
        ResetPartial();
    }
}
