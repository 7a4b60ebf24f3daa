// The per-tick cost of the runtime's hot path (policy inference + safety supervisor), measured tick by tick, beside
// the same model called the naive way (a fresh input tensor and a fresh output collection every call, default session
// options), so the README can say what the careful set-up buys on the same machine in the same run.
using System.Diagnostics;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Sim.Contracts;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DrlRobot.Runtime.Control;

/// <summary>Latency statistics of one measured code path, microseconds.</summary>
/// <param name="Iterations">Calls timed.</param>
/// <param name="P50Us">Median.</param>
/// <param name="P99Us">99th percentile.</param>
/// <param name="P999Us">99.9th percentile.</param>
/// <param name="MaxUs">Largest.</param>
/// <param name="AllocatedBytesPerStep">Managed bytes allocated per call on the calling thread.</param>
public sealed record LatencyStats(long Iterations, double P50Us, double P99Us, double P999Us, double MaxUs, double AllocatedBytesPerStep);

/// <summary>The runtime's path and the naive call, measured in one run.</summary>
/// <param name="Runtime">OnnxPolicy.Act + SafetySupervisor.Supervise per tick.</param>
/// <param name="Naive">InferenceSession.Run with a fresh input and output per call.</param>
public sealed record BenchResult(LatencyStats Runtime, LatencyStats Naive)
{
    /// <summary>Naive median over the runtime's median.</summary>
    public double NaiveP50Ratio => Naive.P50Us / Runtime.P50Us;

    /// <summary>Naive 99th percentile over the runtime's.</summary>
    public double NaiveP99Ratio => Naive.P99Us / Runtime.P99Us;
}

/// <summary>Measures <see cref="BenchResult"/>.</summary>
public static class PolicyBench
{
    private const int Observations = 1024;

    /// <summary>Times <paramref name="iterations"/> ticks of each path on the model at <paramref name="path"/>.</summary>
    /// <param name="path">An ONNX policy file.</param>
    /// <param name="iterations">Ticks timed per path (after warm-up).</param>
    /// <param name="naiveIterations">Naive calls timed; null for the same as <paramref name="iterations"/>, 0 to skip.</param>
    public static BenchResult Run(string path, int iterations, int? naiveIterations = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        int naiveCount = naiveIterations ?? iterations;
        ArgumentOutOfRangeException.ThrowIfNegative(naiveCount);
        using var policy = new OnnxPolicy(path);
        float[][] observations = SampleObservations(policy.Contract);
        LatencyStats runtime = TimeRuntime(policy, observations, iterations);
        LatencyStats naive = naiveCount == 0 ? new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : TimeNaive(File.ReadAllBytes(path), policy, observations, naiveCount);
        return new BenchResult(runtime, naive);
    }

    /// <summary>Seeded observations spread over each declared range, so the timed path sees varied inputs.</summary>
    internal static float[][] SampleObservations(RobotContract contract)
    {
        var random = new Random(12345);
        var samples = new float[Observations][];
        for (int s = 0; s < Observations; s++)
        {
            samples[s] = contract.Observations.Select(o => o.Low + ((o.High - o.Low) * (float)random.NextDouble())).ToArray();
        }
        return samples;
    }

    private static LatencyStats TimeRuntime(OnnxPolicy policy, float[][] observations, int iterations)
    {
        var supervisor = new SafetySupervisor(policy.Contract, new SafetyConfig { ArmingSeconds = 0 });
        var action = new float[policy.ActionCount];
        var histogram = new LatencyHistogram();
        double period = policy.Contract.PeriodSeconds, nsPerTick = 1e9 / Stopwatch.Frequency;
        for (int i = 0; i < 256; i++)
        {
            policy.Act(observations[i % Observations], action);
            supervisor.Supervise(i * period, observations[i % Observations], true, 0, action);
        }
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            float[] observation = observations[i % Observations];
            long start = Stopwatch.GetTimestamp();
            policy.Act(observation, action);
            supervisor.Supervise((i + 256) * period, observation, true, 0, action);
            histogram.Record((long)((Stopwatch.GetTimestamp() - start) * nsPerTick));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return Stats(histogram, allocated / (double)iterations);
    }

    private static LatencyStats TimeNaive(byte[] model, OnnxPolicy policy, float[][] observations, int iterations)
    {
        using var session = new InferenceSession(model);
        int nObs = policy.ObservationCount, nAct = policy.ActionCount;
        var histogram = new LatencyHistogram();
        double nsPerTick = 1e9 / Stopwatch.Frequency;
        float sink = 0;
        float Call(float[] observation)
        {
            var inputs = new List<NamedOnnxValue>
            {
                NamedOnnxValue.CreateFromTensor(OnnxPolicy.ObservationInput, new DenseTensor<float>((float[])observation.Clone(), [1, nObs])),
            };
            if (policy.HasNoiseInput)
            {
                inputs.Add(NamedOnnxValue.CreateFromTensor(OnnxPolicy.NoiseInput, new DenseTensor<float>(new float[nAct], [1, nAct])));
            }
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(inputs);
            return results[0].AsTensor<float>()[0, 0];
        }
        for (int i = 0; i < 256; i++)
        {
            sink += Call(observations[i % Observations]);
        }
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            sink += Call(observations[i % Observations]);
            histogram.Record((long)((Stopwatch.GetTimestamp() - start) * nsPerTick));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        GC.KeepAlive(sink);
        return Stats(histogram, allocated / (double)iterations);
    }

    /// <summary>The statistics of the ticks recorded in <paramref name="h"/>.</summary>
    internal static LatencyStats Stats(LatencyHistogram h, double allocatedPerStep) => new(
        h.Count, h.PercentileMicroseconds(0.5), h.PercentileMicroseconds(0.99), h.PercentileMicroseconds(0.999),
        h.MaxNanoseconds / 1000.0, allocatedPerStep);
}
