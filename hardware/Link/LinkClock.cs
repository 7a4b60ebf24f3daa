// The device side of the link keeps time in microseconds (as a microcontroller's micros() does). Converting a
// Stopwatch timestamp by multiplying first overflows a long once the host has been up for about 2.5 hours (the
// timestamp counts nanoseconds on Linux), so the conversion splits whole seconds from the remainder.
using System.Diagnostics;

namespace DrlRobot.Hardware.Link;

/// <summary>Monotonic microseconds for the device end of the link and its emulators.</summary>
public static class LinkClock
{
    /// <summary>Microseconds on the Stopwatch clock, now.</summary>
    public static long NowMicros => ToMicros(Stopwatch.GetTimestamp(), Stopwatch.Frequency);

    /// <summary>Converts <paramref name="timestamp"/> ticks at <paramref name="frequency"/> Hz to µs without overflow for any uptime.</summary>
    public static long ToMicros(long timestamp, long frequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequency);
        long seconds = Math.DivRem(timestamp, frequency, out long remainder);
        return (seconds * 1_000_000) + (remainder * 1_000_000 / frequency);
    }
}
