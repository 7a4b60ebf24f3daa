// Microseconds from Stopwatch timestamps stay exact and monotonic far beyond the uptime at which a multiply-first
// conversion overflows (about 2.56 hours of nanosecond ticks).
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Link;

public class LinkClockTests
{
    private const long Nanoseconds = 1_000_000_000;

    [TestCase(0L, 0L)]
    [TestCase(999L, 0L)]
    [TestCase(1_000L, 1L)]
    [TestCase(9_300L * Nanoseconds + 123_456_789L, (9_300L * 1_000_000) + 123_456L)] // 2 h 35 min: past the naive overflow
    [TestCase(365L * 24 * 3600 * Nanoseconds, 365L * 24 * 3600 * 1_000_000)] // a year of uptime
    public void NanosecondTicks_ConvertExactly(long ticks, long micros) =>
        Assert.That(LinkClock.ToMicros(ticks, Nanoseconds), Is.EqualTo(micros));

    [Test]
    public void OtherFrequencies_ConvertExactly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LinkClock.ToMicros(10_000_000L * 3600 * 10, 10_000_000), Is.EqualTo(3600L * 10 * 1_000_000), "100 ns ticks, 10 hours");
            Assert.That(LinkClock.ToMicros(1_234_567, 1_000_000), Is.EqualTo(1_234_567));
        });
    }

    [Test]
    public void AcrossTheOldOverflowPoint_StaysMonotonic()
    {
        long edge = long.MaxValue / 1_000_000; // the last nanosecond tick a multiply-first conversion survives
        long previous = LinkClock.ToMicros(edge - 5_000, Nanoseconds);
        for (long t = edge - 4_000; t <= edge + 1_000_000; t += 1_000)
        {
            long now = LinkClock.ToMicros(t, Nanoseconds);
            Assert.That(now, Is.EqualTo(previous + 1), $"tick {t}");
            previous = now;
        }
    }

    [Test]
    public void Now_IsPositiveAndAdvances()
    {
        long a = LinkClock.NowMicros;
        Thread.Sleep(5);
        long b = LinkClock.NowMicros;
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.GreaterThan(0));
            Assert.That(b - a, Is.InRange(4_000, 5_000_000));
        });
    }
}
