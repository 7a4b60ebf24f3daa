// The bench: its statistics are the percentiles of the ticks it timed, the ticks were timed in the run that reports
// them, the runtime path allocates nothing per tick while the naive call does, and the stochastic export's noise
// input is bound once on the runtime path and built on every naive call. How fast either path is, is the bench's
// report (`drl-run bench`), not something a unit test asserts.
using System.Diagnostics;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Tests.Policy;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DrlRobot.Runtime.Tests.Control;

public class PolicyBenchTests
{
    [Test]
    public void Stats_AreThePercentilesOfTheRecordedTicks()
    {
        var histogram = new LatencyHistogram();
        // 1 µs … 1000 µs, each once, in a scrambled order (617 and 1000 are coprime).
        for (int i = 0; i < 1000; i++)
        {
            histogram.Record((((i * 617) % 1000) + 1) * 1000L);
        }

        LatencyStats stats = PolicyBench.Stats(histogram, allocatedPerStep: 12.5);

        // The histogram's bins are at most 1/128 of their value wide.
        Assert.Multiple(() =>
        {
            Assert.That(stats.Iterations, Is.EqualTo(1000));
            Assert.That(stats.P50Us, Is.EqualTo(500).Within(1).Percent);
            Assert.That(stats.P99Us, Is.EqualTo(990).Within(1).Percent);
            Assert.That(stats.P999Us, Is.EqualTo(999).Within(1).Percent);
            Assert.That(stats.MaxUs, Is.EqualTo(1000));
            Assert.That(stats.AllocatedBytesPerStep, Is.EqualTo(12.5));
        });
    }

    [Test]
    public void Bench_ReportsTicksTimedWithinTheRun()
    {
        long start = Stopwatch.GetTimestamp();
        BenchResult result = PolicyBench.Run(TestModels.TinyLander, 3000, 500);
        double elapsedUs = Stopwatch.GetElapsedTime(start).TotalMicroseconds;

        // At least half of a path's ticks took its median or longer (less a bin's width, 1/128), and all of them ran
        // inside Run: however slow or loaded the machine, the ticks the statistics describe fit in the time Run took.
        double timedAtLeastUs = 0.49 * ((result.Runtime.Iterations * result.Runtime.P50Us) + (result.Naive.Iterations * result.Naive.P50Us));
        Assert.Multiple(() =>
        {
            foreach ((string path, LatencyStats stats) in new[] { ("runtime", result.Runtime), ("naive", result.Naive) })
            {
                Assert.That(stats.P50Us, Is.GreaterThan(0).And.LessThanOrEqualTo(stats.P99Us), $"{path} p50");
                Assert.That(stats.P99Us, Is.LessThanOrEqualTo(stats.P999Us), $"{path} p99");
                Assert.That(stats.P999Us, Is.LessThanOrEqualTo(stats.MaxUs), $"{path} p99.9");
                Assert.That(stats.MaxUs, Is.LessThanOrEqualTo(elapsedUs), $"{path} slowest tick against the whole run");
            }
            Assert.That(timedAtLeastUs, Is.LessThanOrEqualTo(elapsedUs), "half the ticks at their median or longer, against the whole run");
        });
    }

    [Test]
    public void Bench_RuntimePathAllocatesNothingAndTheNaiveCallDoes()
    {
        BenchResult result = PolicyBench.Run(TestModels.TinyLander, 3000, 500);

        Assert.Multiple(() =>
        {
            Assert.That(result.Runtime.AllocatedBytesPerStep, Is.Zero);
            Assert.That(result.Naive.AllocatedBytesPerStep, Is.GreaterThan(100));
        });
    }

    [Test]
    public void Bench_OnTheStochasticExport_BindsNoiseOnceAndTheNaiveCallBuildsItEveryCall()
    {
        int nAct;
        using (var policy = new OnnxPolicy(TestModels.TinyLanderStochastic))
        {
            Assert.That(policy.HasNoiseInput, Is.True, "the stochastic export has the noise input");
            nAct = policy.ActionCount;
        }
        BenchResult stochastic = PolicyBench.Run(TestModels.TinyLanderStochastic, 500, 500);
        BenchResult deterministic = PolicyBench.Run(TestModels.TinyLander, 500, 500);

        Assert.Multiple(() =>
        {
            Assert.That(stochastic.Runtime.AllocatedBytesPerStep, Is.Zero, "runtime path, with the noise input bound once");
            Assert.That(stochastic.Naive.AllocatedBytesPerStep - deterministic.Naive.AllocatedBytesPerStep,
                        Is.GreaterThanOrEqualTo(BytesToBuildANoiseInput(nAct)), "naive call on the stochastic export over the deterministic one");
            Assert.That(stochastic.Runtime.P50Us, Is.GreaterThan(0).And.LessThanOrEqualTo(stochastic.Runtime.MaxUs));
            Assert.That(stochastic.Naive.P50Us, Is.GreaterThan(0).And.LessThanOrEqualTo(stochastic.Naive.MaxUs));
        });
    }

    [Test]
    public void NaiveRatios_AreTheNaivePercentilesOverTheRuntimes()
    {
        var result = new BenchResult(new LatencyStats(10, 2, 4, 8, 9, 0), new LatencyStats(10, 6, 20, 30, 40, 1000));

        Assert.Multiple(() =>
        {
            Assert.That(result.NaiveP50Ratio, Is.EqualTo(3));
            Assert.That(result.NaiveP99Ratio, Is.EqualTo(5));
        });
    }

    /// <summary>What the naive way allocates for the noise input of one call: the zeros, their tensor and the named value.</summary>
    private static long BytesToBuildANoiseInput(int nAct)
    {
        NamedOnnxValue Build() => NamedOnnxValue.CreateFromTensor(OnnxPolicy.NoiseInput, new DenseTensor<float>(new float[nAct], [1, nAct]));
        GC.KeepAlive(Build()); // first call: type initialisation, not the per-call cost
        long before = GC.GetAllocatedBytesForCurrentThread();
        NamedOnnxValue value = Build();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(value);
        return bytes;
    }
}
