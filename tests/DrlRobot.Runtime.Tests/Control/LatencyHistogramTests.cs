// The latency histogram: exact below 256 ns, within 1/128 above, exact maximum, and percentiles that agree with a
// sorted array.
using DrlRobot.Runtime.Control;

namespace DrlRobot.Runtime.Tests.Control;

public class LatencyHistogramTests
{
    [Test]
    public void SmallValues_AreCountedExactly()
    {
        var h = new LatencyHistogram();
        foreach (long v in new long[] { 10, 20, 30, 40, 50 })
        {
            h.Record(v);
        }

        Assert.Multiple(() =>
        {
            Assert.That(h.Percentile(0.5), Is.EqualTo(30));
            Assert.That(h.Percentile(1), Is.EqualTo(50));
            Assert.That(h.Percentile(0), Is.EqualTo(10));
            Assert.That(h.MaxNanoseconds, Is.EqualTo(50));
        });
    }

    [Test]
    public void Percentiles_AgreeWithASortedArrayWithinOnePercent()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 100_000).Select(_ => (long)Math.Exp(random.NextDouble() * 20)).ToArray();
        var h = new LatencyHistogram();
        foreach (long v in values)
        {
            h.Record(v);
        }
        Array.Sort(values);

        foreach (double q in new[] { 0.5, 0.9, 0.99, 0.999 })
        {
            double exact = values[(int)Math.Ceiling(q * values.Length) - 1];
            Assert.That(h.Percentile(q), Is.EqualTo(exact).Within(1).Percent, $"q = {q}");
        }
        Assert.That(h.MaxNanoseconds, Is.EqualTo(values[^1]));
    }

    [Test]
    public void Bins_AreContiguousAndCoverEveryMagnitude()
    {
        int previous = -1;
        for (int bit = 0; bit < 62; bit++)
        {
            foreach (long v in new[] { 1L << bit, (1L << bit) + ((1L << bit) / 3) })
            {
                int index = LatencyHistogram.IndexOf(v);
                Assert.That(index, Is.GreaterThanOrEqualTo(previous), $"value {v}");
                Assert.That(LatencyHistogram.Middle(index), Is.EqualTo(v).Within(1).Percent);
                previous = index;
            }
        }
    }

    [Test]
    public void NegativeValues_CountAsZero()
    {
        var h = new LatencyHistogram();
        h.Record(-5);
        Assert.That(h.Percentile(0.5), Is.Zero);
    }
}
