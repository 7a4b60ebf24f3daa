// Which faults the emulator injects into a link direction: lost frames, corrupted frames, delay, all seeded.
namespace DrlRobot.Hardware.Link;

/// <summary>Fault injection settings of <see cref="LinkFaultInjector"/>; the defaults inject nothing.</summary>
public sealed record LinkFaultConfig
{
    /// <summary>Probability that a frame is lost whole.</summary>
    public double DropProbability { get; init; }

    /// <summary>Probability that one to three bits of a frame (never its delimiter) are flipped.</summary>
    public double CorruptProbability { get; init; }

    /// <summary>How long every frame is held before it is passed on, in milliseconds.</summary>
    public int DelayMilliseconds { get; init; }

    /// <summary>Seed of the random choices: the same seed and input give the same faults.</summary>
    public int Seed { get; init; }

    /// <summary>Whether any fault is configured.</summary>
    public bool InjectsFaults => DropProbability > 0 || CorruptProbability > 0 || DelayMilliseconds > 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field that is out of range.</summary>
    public void Validate()
    {
        if (!(DropProbability is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DropProbability), DropProbability, "must be in [0, 1]");
        }
        if (!(CorruptProbability is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CorruptProbability), CorruptProbability, "must be in [0, 1]");
        }
        if (DelayMilliseconds is < 0 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(DelayMilliseconds), DelayMilliseconds, "must be 0..10000");
        }
    }
}
