// How the control loop runs: its rate, whether it is paced by the wall clock, when it ends, and what it asks of the
// operating system for low latency.
namespace DrlRobot.Runtime.Control;

/// <summary>Settings of one <see cref="ControlLoop"/> run. Every field has a default.</summary>
public sealed record ControlLoopConfig
{
    /// <summary>Tick rate in hertz; null takes the model contract's control rate.</summary>
    public double? RateHz { get; init; }

    /// <summary>Pace ticks by the wall clock (absolute deadlines); false steps as fast as possible (simulators only).</summary>
    public bool Realtime { get; init; } = true;

    /// <summary>End after this many ticks (skipped ticks included); null for no limit.</summary>
    public long? MaxTicks { get; init; }

    /// <summary>End after this much control time in seconds; null for no limit.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>The last stretch before a deadline is spun rather than slept, in microseconds (sleep wake-ups are late).</summary>
    public double SpinMicroseconds { get; init; } = 200;

    /// <summary>SCHED_FIFO priority (1–99) for the loop thread on Linux; null leaves the scheduler alone.</summary>
    public int? RealtimePriority { get; init; }

    /// <summary>CPU the loop thread is pinned to on Linux; null leaves affinity alone.</summary>
    public int? Cpu { get; init; }

    /// <summary>Switch the GC to SustainedLowLatency for the run (no blocking gen-2 collections).</summary>
    public bool LowLatencyGc { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (RateHz is { } rate && !(rate > 0 && rate <= 100_000))
        {
            throw new ArgumentOutOfRangeException(nameof(RateHz), rate, "rate_hz must be in (0, 100000]");
        }
        if (MaxTicks is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTicks), MaxTicks, "max_ticks must be at least 1");
        }
        if (DurationSeconds is { } duration && !(duration > 0 && double.IsFinite(duration)))
        {
            throw new ArgumentOutOfRangeException(nameof(DurationSeconds), duration, "duration_seconds must be positive");
        }
        if (!(SpinMicroseconds >= 0 && SpinMicroseconds <= 1_000_000))
        {
            throw new ArgumentOutOfRangeException(nameof(SpinMicroseconds), SpinMicroseconds, "spin_microseconds must be in [0, 1e6]");
        }
        if (RealtimePriority is < 1 or > 99)
        {
            throw new ArgumentOutOfRangeException(nameof(RealtimePriority), RealtimePriority, "realtime_priority must be in 1..99 (SCHED_FIFO)");
        }
        if (Cpu is { } cpu && (cpu < 0 || cpu >= Environment.ProcessorCount))
        {
            throw new ArgumentOutOfRangeException(nameof(Cpu), cpu, $"cpu must be in 0..{Environment.ProcessorCount - 1}");
        }
    }
}
