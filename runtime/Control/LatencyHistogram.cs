// Durations in nanoseconds counted into a fixed, preallocated log-linear histogram: recording is a few integer
// operations with no allocation, any run length fits, and percentiles come out within 0.4 % (two significant digits
// and a bit), which is far finer than the jitter they describe.
using System.Numerics;

namespace DrlRobot.Runtime.Control;

/// <summary>
/// A histogram of non-negative durations in nanoseconds. Values below 256 ns are counted exactly; above, each power of
/// two is split into 128 equal bins, so a bin's width is at most 1/128 of its value. Not thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 128;
    private const int Bins = 64 * SubBuckets;
    private readonly long[] _counts = new long[Bins];

    /// <summary>Values recorded.</summary>
    public long Count { get; private set; }

    /// <summary>Largest value recorded, exactly, in nanoseconds (0 when empty).</summary>
    public long MaxNanoseconds { get; private set; }

    /// <summary>Sum of the values, for the mean.</summary>
    public double SumNanoseconds { get; private set; }

    /// <summary>Counts one duration; negative values count as 0.</summary>
    public void Record(long nanoseconds)
    {
        long value = Math.Max(nanoseconds, 0);
        _counts[IndexOf(value)]++;
        Count++;
        SumNanoseconds += value;
        if (value > MaxNanoseconds)
        {
            MaxNanoseconds = value;
        }
    }

    /// <summary>Forgets everything recorded.</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        MaxNanoseconds = 0;
        SumNanoseconds = 0;
    }

    /// <summary>The value below which a fraction <paramref name="quantile"/> of the recorded values fall, in nanoseconds (0 when empty).</summary>
    /// <remarks>Returns the middle of the bin holding that rank, capped at the exact maximum.</remarks>
    public double Percentile(double quantile)
    {
        if (!(quantile is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "a quantile is in [0, 1]");
        }
        if (Count == 0)
        {
            return 0;
        }
        long rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (int i = 0; i < Bins; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(Middle(i), MaxNanoseconds);
            }
        }
        return MaxNanoseconds;
    }

    /// <summary>A percentile in microseconds, for reports.</summary>
    public double PercentileMicroseconds(double quantile) => Percentile(quantile) / 1000.0;

    internal static int IndexOf(long value)
    {
        if (value < 2 * SubBuckets)
        {
            return (int)value;
        }
        int shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - 7;
        return (shift * SubBuckets) + (int)(value >> shift);
    }

    internal static double Middle(int index)
    {
        if (index < 2 * SubBuckets)
        {
            return index;
        }
        int shift = (index / SubBuckets) - 1;
        long low = (long)((index % SubBuckets) + SubBuckets) << shift;
        return low + (((1L << shift) - 1) / 2.0);
    }
}
