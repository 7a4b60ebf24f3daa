// Absolute deadlines for the control loop. Tick k is due at start + k·period, computed from the start rather than
// accumulated, so there is no drift. Waiting sleeps until shortly before the deadline (sleep wake-ups are late by tens
// of microseconds or more) and spins the last stretch.
//
// Overrun policy: when a tick's work ends after the next tick's deadline, the missed deadlines are skipped, never run
// late in a burst: the next tick is the first whose deadline is still ahead, and every skipped tick is counted as an
// overrun. Control time (tick index × period) keeps counting the skipped ticks, so slew limits and arming see the real
// elapsed time.
using System.Diagnostics;

namespace DrlRobot.Runtime.Control;

/// <summary>Paces ticks on a fixed grid of absolute deadlines (Stopwatch timestamps).</summary>
internal sealed class TickPacer
{
    private readonly long _periodTicks, _spinTicks;
    private long _start;

    public TickPacer(double rateHz, double spinMicroseconds)
    {
        _periodTicks = Math.Max(1, (long)Math.Round(Stopwatch.Frequency / rateHz));
        _spinTicks = (long)(spinMicroseconds * 1e-6 * Stopwatch.Frequency);
    }

    /// <summary>Index of the next tick to run.</summary>
    public long Tick { get; private set; }

    /// <summary>Ticks skipped because of overruns.</summary>
    public long Skipped { get; private set; }

    /// <summary>Overrun events (one per late tick, however many deadlines it skipped).</summary>
    public long Overruns { get; private set; }

    /// <summary>The deadline of the next tick.</summary>
    public long Deadline => _start + (Tick * _periodTicks);

    public void Start(long now)
    {
        _start = now;
        Tick = 0;
        Skipped = 0;
        Overruns = 0;
    }

    /// <summary>Waits for the next tick's deadline and returns the wake-up timestamp.</summary>
    public long WaitForDeadline()
    {
        long deadline = Deadline;
        long sleepUntil = deadline - _spinTicks;
        long now = Stopwatch.GetTimestamp();
        if (now < sleepUntil)
        {
            if (LinuxScheduling.CanSleepUntil)
            {
                LinuxScheduling.SleepUntil(sleepUntil);
            }
            else
            {
                long milliseconds = (sleepUntil - now) * 1000 / Stopwatch.Frequency;
                if (milliseconds > 0)
                {
                    Thread.Sleep((int)milliseconds);
                }
            }
        }
        while ((now = Stopwatch.GetTimestamp()) < deadline)
        {
            Thread.SpinWait(16);
        }
        return now;
    }

    /// <summary>
    /// Moves to the next tick after work ending at <paramref name="now"/>, skipping deadlines already past but never
    /// beyond tick <paramref name="limit"/>; returns how many were skipped.
    /// </summary>
    public long Advance(long now, long limit = long.MaxValue)
    {
        Tick++;
        if (now <= Deadline || Tick >= limit)
        {
            return 0;
        }
        long due = Math.Min(((now - _start) / _periodTicks) + 1, limit);
        long skipped = due - Tick;
        Tick = due;
        Skipped += skipped;
        Overruns++;
        return skipped;
    }
}
