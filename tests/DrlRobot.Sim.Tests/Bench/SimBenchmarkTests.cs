// The throughput benchmark behind `drl-train bench-sim`: it steps the env for the time asked and reports honestly.
// The speed itself is the benchmark's to report, not a unit test's to assert.
using System.Diagnostics;
using DrlRobot.Sim.Bench;

namespace DrlRobot.Sim.Tests.Bench;

public class SimBenchmarkTests
{
    [TestCase("lander", 1)]
    [TestCase("lander-discrete", 2)]
    public void Run_StepsForTheRequestedTimeAndCountsEnvSteps(string id, int threads)
    {
        // How fast the simulator steps is what `drl-train bench-sim` reports; here only that the report is consistent:
        // whole checks of 16 batch steps of 16 envs, timed over at least the requested 0.2 s and no longer than the call.
        long start = Stopwatch.GetTimestamp();
        BenchResult result = SimBenchmark.Run(id, numEnvs: 16, threads, seconds: 0.2);
        double callSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(result.Env, Is.EqualTo(id));
            Assert.That(result.NumEnvs, Is.EqualTo(16));
            Assert.That(result.Threads, Is.EqualTo(threads));
            Assert.That(result.Seconds, Is.GreaterThanOrEqualTo(0.2).And.LessThanOrEqualTo(callSeconds));
            Assert.That(result.Steps, Is.Positive);
            Assert.That(result.Steps % (16 * 16), Is.Zero, "env steps: batch steps of 16 envs, 16 between clock checks");
            Assert.That(result.StepsPerSecond, Is.EqualTo(result.Steps / result.Seconds).Within(1e-9 * result.StepsPerSecond));
        });
    }

    [Test]
    public void Run_ReportsNoMoreThreadsThanEnvs()
    {
        Assert.That(SimBenchmark.Run("pendulum", numEnvs: 1, threads: 2, seconds: 0.05).Threads, Is.EqualTo(1));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    public void Run_RejectsANonPositiveDuration(double seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SimBenchmark.Run("pendulum", 4, 1, seconds));
    }

    [Test]
    public void Run_RejectsAnUnknownEnv()
    {
        var error = Assert.Throws<ArgumentException>(() => SimBenchmark.Run("moon", 4, 1, 0.1));
        Assert.That(error!.Message, Does.Contain("valid ids: lander, lander-discrete, lander3, rover, pendulum"));
    }
}
