// What one control run did: why it stopped, how many ticks it ran and skipped, and how well it kept time.
using DrlRobot.Sim.Metrics;
using DrlRobot.Runtime.Safety;

namespace DrlRobot.Runtime.Control;

/// <summary>The outcome and timing of one <see cref="ControlLoop.Run"/>.</summary>
public sealed record LoopResult
{
    /// <summary>Why the run ended.</summary>
    public required StopReason StopReason { get; init; }

    /// <summary>For observation and action stops: the offending observation or actuator name; otherwise null.</summary>
    public string? StopDetail { get; init; }

    /// <summary>Tick rate in hertz.</summary>
    public required double RateHz { get; init; }

    /// <summary>
    /// When the last tick began (<see cref="System.Diagnostics.Stopwatch"/> timestamp): for a safety stop, the tick that
    /// latched and commanded neutral. 0 when no tick ran.
    /// </summary>
    public long LastTickTimestamp { get; init; }

    /// <summary>Whether ticks were paced by the wall clock.</summary>
    public required bool Realtime { get; init; }

    /// <summary>How smoothly each actuator's command moved (see <see cref="CommandSmoothness"/>).</summary>
    public IReadOnlyList<ActuatorSmoothness> Smoothness { get; init; } = [];

    /// <summary>Ticks run.</summary>
    public required long Ticks { get; init; }

    /// <summary>Ticks skipped because the previous one ended after their deadline (the overrun policy: skip and count).</summary>
    public required long SkippedTicks { get; init; }

    /// <summary>Ticks whose work ran past the next deadline (each skipped one or more).</summary>
    public required long Overruns { get; init; }

    /// <summary>Ticks in which the supervisor clamped a command to its contract range.</summary>
    public required long ClampedTicks { get; init; }

    /// <summary>Ticks in which the supervisor slowed a command to its slew-rate limit.</summary>
    public required long SlewLimitedTicks { get; init; }

    /// <summary>Median lateness of the wake-up after the deadline, µs (0 when not paced).</summary>
    public required double DeadlineErrorP50Us { get; init; }

    /// <summary>99th percentile of the wake-up lateness, µs.</summary>
    public required double DeadlineErrorP99Us { get; init; }

    /// <summary>Largest wake-up lateness, µs.</summary>
    public required double DeadlineErrorMaxUs { get; init; }

    /// <summary>Median sense → command duration, µs.</summary>
    public required double TickP50Us { get; init; }

    /// <summary>99th percentile of the sense → command duration, µs.</summary>
    public required double TickP99Us { get; init; }

    /// <summary>Largest sense → command duration, µs.</summary>
    public required double TickMaxUs { get; init; }

    /// <summary>Wall-clock length of the run, seconds.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Telemetry records dropped because the writer fell behind.</summary>
    public long TelemetryDropped { get; init; }

    /// <summary>Why the telemetry file is incomplete (a full disk), or null; the run itself is unaffected.</summary>
    public string? TelemetryFailure { get; init; }

    /// <summary>What the low-latency settings did (GC mode, SCHED_FIFO, affinity), one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
