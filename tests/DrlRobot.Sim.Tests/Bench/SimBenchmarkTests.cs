// The throughput benchmark behind `drl-train bench-sim`: it steps the env for the time asked and reports honestly.
using DrlRobot.Sim.Bench;

namespace DrlRobot.Sim.Tests.Bench;

public class SimBenchmarkTests
{
    [TestCase("lander", 1)]
    [TestCase("lander-discrete", 2)]
    public void Run_StepsForTheRequestedTimeAndCountsEnvSteps(string id, int threads)
    {
        BenchResult result = SimBenchmark.Run(id, numEnvs: 16, threads, seconds: 0.2);
        Assert.Multiple(() =>
        {
            Assert.That(result.Env, Is.EqualTo(id));
            Assert.That(result.NumEnvs, Is.EqualTo(16));
            Assert.That(result.Threads, Is.EqualTo(threads));
            Assert.That(result.Seconds, Is.GreaterThanOrEqualTo(0.2));
            Assert.That(result.Steps % 16, Is.Zero, "whole batch steps");
            Assert.That(result.Steps, Is.GreaterThan(10_000), "even a loaded machine steps a lander faster than 50 k/s");
            Assert.That(result.StepsPerSecond, Is.EqualTo(result.Steps / result.Seconds).Within(1e-6 * result.StepsPerSecond));
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
