// Opt-in latency measurement of OnnxPolicy.Act against a naive ONNX Runtime call (fresh input and output tensors
// per call, default session options), for the README until `drl-run bench` reports it. Timing on a shared machine
// is noisy, so it is explicit and reports medians of three rounds.
using System.Diagnostics;
using DrlRobot.Runtime.Policy;
using Microsoft.ML.OnnxRuntime;

namespace DrlRobot.Runtime.Tests.Policy;

[Category("Benchmark")]
public class OnnxPolicyLatency
{
    private const int Calls = 100_000;

    [Test]
    [Explicit("Timing; run with --filter Category=Benchmark")]
    public void Act_IsFasterThanANaiveCallAndAllocatesNothing()
    {
        float[] observation = TestModels.ExpectedCases()[7].Observation;
        var action = new float[2];
        var tuned = new List<double>();
        var naive = new List<double>();
        long allocated = 0;
        for (int round = 0; round < 3; round++)
        {
            using (var policy = new OnnxPolicy(TestModels.TinyLander))
            {
                tuned.Add(MedianMicroseconds(() => policy.Act(observation, action), out double p99, out long bytes));
                allocated += bytes;
                TestContext.Out.WriteLine($"OnnxPolicy.Act  p50 {tuned[^1]:F2} us  p99 {p99:F2} us");
            }
            using (var session = new InferenceSession(TestModels.TinyLander))
            {
                naive.Add(MedianMicroseconds(() => NaiveAct(session, observation, action), out double p99, out _));
                TestContext.Out.WriteLine($"naive Run       p50 {naive[^1]:F2} us  p99 {p99:F2} us");
            }
        }
        double tunedMedian = tuned.Order().ElementAt(1), naiveMedian = naive.Order().ElementAt(1);
        TestContext.Out.WriteLine($"median of 3 rounds: OnnxPolicy.Act {tunedMedian:F2} us, naive {naiveMedian:F2} us, "
                                  + $"{allocated / (3.0 * Calls):F1} B per Act");

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(tunedMedian, Is.LessThan(naiveMedian));
        });
    }

    private static void NaiveAct(InferenceSession session, float[] observation, float[] action)
    {
        using var input = OrtValue.CreateTensorValueFromMemory((float[])observation.Clone(), [1, observation.Length]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, ["obs"], [input], ["action"]);
        outputs[0].GetTensorDataAsSpan<float>().CopyTo(action);
    }

    /// <summary>Median and p99 of one call in µs, and the managed bytes the timed calls allocated.</summary>
    private static double MedianMicroseconds(Action call, out double p99, out long allocated)
    {
        for (int i = 0; i < 1000; i++)
        {
            call();
        }
        var ticks = new long[Calls];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Array.Sort(ticks);
        p99 = ticks[Calls * 99 / 100] * 1e6 / Stopwatch.Frequency;
        return ticks[Calls / 2] * 1e6 / Stopwatch.Frequency;
    }
}
