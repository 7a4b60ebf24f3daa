// `drl-train bench-update`: a real agent's updates timed beside the arithmetic they do, the JSON keys scripts read,
// and one-line errors with exit 2.
using System.Text.Json;
using DrlRobot.Trainer.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Tests.Cli;

public class BenchUpdateTests
{
    [Test]
    public void Json_TimesRealUpdatesAndCountsTheirArithmetic()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "bench-update", "--algo", "ppo", "--hidden", "16,16",
                                                                       "--batch", "128", "--seconds", "0.2", "--json");
        Assert.That(code, Is.EqualTo(0), stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement r = doc.RootElement;
        // The lander: 8 observations, 2 actuators; actor 8→16→16→2 and critic 8→16→16→1, forward and backward.
        double expectedMflop = 6.0 * ((8 * 16 + 16 * 16 + 16 * 2) + (8 * 16 + 16 * 16 + 16 * 1)) * 128 / 1e6;
        double ms = r.GetProperty("milliseconds_per_update").GetDouble(), floor = r.GetProperty("floor_milliseconds").GetDouble();
        Assert.Multiple(() =>
        {
            Assert.That(r.GetProperty("algo").GetString(), Is.EqualTo("ppo"));
            Assert.That(r.GetProperty("env").GetString(), Is.EqualTo("lander"));
            Assert.That(r.GetProperty("hidden").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 16, 16 }));
            Assert.That(r.GetProperty("batch").GetInt32(), Is.EqualTo(128));
            Assert.That(r.GetProperty("threads").GetInt32(), Is.EqualTo(1));
            // 16 envs × 1024 steps = 16,384 samples per rollout, 4 epochs of 128-sample minibatches: 512 per iteration.
            Assert.That(r.GetProperty("updates").GetInt64() % 512, Is.EqualTo(0));
            Assert.That(r.GetProperty("updates").GetInt64(), Is.GreaterThanOrEqualTo(512));
            Assert.That(r.GetProperty("megaflops_per_update").GetDouble(), Is.EqualTo(expectedMflop).Within(1e-9));
            Assert.That(ms, Is.GreaterThan(0));
            Assert.That(r.GetProperty("microseconds_per_sample").GetDouble(), Is.EqualTo(ms * 1000 / 128).Within(1e-6));
            Assert.That(r.GetProperty("machine_gflops").GetDouble(), Is.GreaterThan(0.1));
            Assert.That(floor, Is.EqualTo(expectedMflop / r.GetProperty("machine_gflops").GetDouble()).Within(1e-9));
            Assert.That(r.GetProperty("ratio_to_floor").GetDouble(), Is.EqualTo(ms / floor).Within(1e-6));
        });
    }

    [Test]
    public void Text_OffPolicyLearnerIsTimedOnceItsUpdatesBegin()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "bench-update", "--algo", "td3", "--hidden", "16,16",
                                                                       "--batch", "32", "--seconds", "0.2");
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Match(@"td3 on lander, hidden \[16, 16\], batch 32, 1 thread\(s\): [0-9.]+ ms per update"));
        Assert.That(stdout, Does.Match(@"the update takes [0-9.]+× its floor"));
    }

    [Test]
    public void Flops_FollowEachAlgorithmsPasses()
    {
        TrainConfig Config(string algo, string env) => ConfigLoader.Resolve(null, new ConfigOverrides { Env = env, Algo = Enum.Parse<Algorithm>(algo, true) });
        var lander = DrlRobot.Sim.EnvRegistry.GetContract("lander");
        TrainConfig td3 = Config("td3", "lander");
        double actor = UpdateBenchmark.MultiplyAdds(8, td3.Td3.Hidden, 2), critic = UpdateBenchmark.MultiplyAdds(10, td3.Td3.Hidden, 1);
        Assert.Multiple(() =>
        {
            Assert.That(UpdateBenchmark.MultiplyAdds(8, [64, 64], 2), Is.EqualTo(8 * 64 + 64 * 64 + 64 * 2));
            Assert.That(UpdateBenchmark.Flops(td3, lander),
                        Is.EqualTo(td3.Td3.BatchSize * (2 * actor + 4 * critic + 12 * critic + (6 * actor + 6 * critic) / td3.Td3.PolicyDelay)).Within(1e-6));
            TrainConfig dqn = Config("dqn", "lander-discrete");
            Assert.That(UpdateBenchmark.Flops(dqn, DrlRobot.Sim.EnvRegistry.GetContract("lander-discrete")),
                        Is.EqualTo(dqn.Dqn.BatchSize * 10 * UpdateBenchmark.MultiplyAdds(8, dqn.Dqn.Hidden, 4)).Within(1e-6));
        });
    }

    [TestCase("--algo", "foo", "--algo must be ppo, sac, td3 or dqn")]
    [TestCase("--hidden", "64,x", "--hidden must be widths separated by commas")]
    [TestCase("--batch", "0", "minibatch_size must be positive")]
    [TestCase("--seconds", "0", "--seconds must be in (0, 600]")]
    [TestCase("--env", "moon", "unknown environment 'moon'")]
    public void BadInput_Exits2WithOneLine(string option, string value, string message)
    {
        string[] args = option == "--algo" ? ["bench-update", option, value] : ["bench-update", "--algo", "ppo", option, value];
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, args);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain(message));
        });
    }

    [Test]
    public void DqnOnAContinuousEnv_Exits2NamingTheMismatch()
    {
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "bench-update", "--algo", "dqn", "--env", "lander", "--seconds", "0.1");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("dqn needs discrete actions"));
    }
}
