// PPO with the CAPS smoothness terms: off by default (so every existing run keeps its config hash), logged when on,
// deterministic, resumed bit for bit, and doing what they are for: a policy whose mean moves less from step to step.
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Tests.Training;

public class SmoothnessTrainingTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-smooth-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static TrainConfig Tiny(SmoothnessConfig? smoothness, Algorithm algo = Algorithm.Ppo) => algo switch
    {
        Algorithm.Sac => new()
        {
            Env = "pendulum", Algo = algo, Steps = 1024, NumEnvs = 2, Seed = 3, EvalEpisodes = 2, CheckpointEvery = 512,
            Sac = new() { LearningStarts = 128, BatchSize = 32, Hidden = [32, 32], BufferSize = 4096, Smoothness = smoothness },
        },
        Algorithm.Td3 => new()
        {
            Env = "pendulum", Algo = algo, Steps = 1024, NumEnvs = 2, Seed = 3, EvalEpisodes = 2, CheckpointEvery = 512,
            Td3 = new() { LearningStarts = 128, BatchSize = 32, Hidden = [32, 32], BufferSize = 4096, Smoothness = smoothness },
        },
        _ => new()
        {
            Env = "pendulum", Algo = Algorithm.Ppo, Steps = 4 * 4 * 128, NumEnvs = 4, Seed = 3, EvalEpisodes = 4, CheckpointEvery = 1024,
            Ppo = new() { RolloutSteps = 128, MinibatchSize = 64, Epochs = 2, Smoothness = smoothness },
        },
    };

    private sealed class Silent : ITrainingProgress
    {
        public void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes) { }

        public void Note(string message) { }
    }

    private sealed class Killed : Exception;

    [Test]
    public void Off_WritesNoKey_On_ChangesTheHash()
    {
        Assert.That(ConfigLoader.ToJson(new TrainConfig()), Does.Not.Contain("smoothness"));
        Assert.That(ConfigLoader.ToJson(new TrainConfig { Algo = Algorithm.Sac }), Does.Not.Contain("smoothness"));
        Assert.That(ConfigLoader.Hash(Tiny(new SmoothnessConfig())), Is.Not.EqualTo(ConfigLoader.Hash(Tiny(null))));
        string file = Path.Combine(_dir, "c.json");
        File.WriteAllText(file, """{"ppo": {"smoothness": {"temporal": 0.2}}}""");
        SmoothnessConfig read = ConfigLoader.Resolve(file, new ConfigOverrides()).Ppo.Smoothness!;
        Assert.That((read.Temporal, read.Spatial, read.Sigma), Is.EqualTo((0.2f, 0.05f, 0.05f)), "keys left out keep their defaults");
        File.WriteAllText(file, """{"ppo": {"smoothness": {"sigma": 0}}}""");
        Assert.That(Assert.Throws<ArgumentException>(() => ConfigLoader.Resolve(file, new ConfigOverrides()))!.Message, Does.Contain("ppo.smoothness.sigma must be positive"));
    }

    [TestCase(Algorithm.Ppo)]
    [TestCase(Algorithm.Sac)]
    [TestCase(Algorithm.Td3)]
    public void On_LogsBothTerms_IsDeterministic_AndResumesBitForBit(Algorithm algo)
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        TrainConfig config = Tiny(new SmoothnessConfig(), algo);
        new TrainingSession(config, a, new Silent()).Run(resume: false);
        var dying = new TrainingSession(config, b, new Silent()) { AfterCheckpoint = _ => throw new Killed() };
        Assert.Throws<Killed>(() => dying.Run(resume: false));
        new TrainingSession(config, b, new Silent()).Run(resume: true);

        string[] lines = File.ReadAllLines(Path.Combine(a, "progress.csv"));
        string[] header = lines[0].Split(',');
        int temporal = Array.IndexOf(header, "losses/smoothness_temporal"), spatial = Array.IndexOf(header, "losses/smoothness_spatial");
        Assert.That(temporal, Is.GreaterThan(0));
        Assert.That(spatial, Is.GreaterThan(0));
        // Rows from before learning starts (off-policy) have no update, so no terms.
        string[][] updated = [.. lines.Skip(1).Select(l => l.Split(',')).Where(r => r[temporal].Length > 0 && r[temporal] != "NaN")];
        Assert.That(updated, Is.Not.Empty, "rows with the terms logged");
        foreach (string[] row in updated)
        {
            Assert.That(double.Parse(row[temporal], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(double.Parse(row[spatial], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        }
        string last = Path.GetFileName(new CheckpointStore(Path.Combine(a, "checkpoints"), 3).List()[^1]);
        string hash = ConfigLoader.Hash(config);
        Assert.That(CheckpointStore.Read(Path.Combine(b, "checkpoints", last), hash).Payload,
                    Is.EqualTo(CheckpointStore.Read(Path.Combine(a, "checkpoints", last), hash).Payload));
        Assert.That(File.ReadAllText(Path.Combine(b, "progress.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(a, "progress.csv"))));

        // The card's evaluation says how smoothly the policy commands its actuator.
        System.Text.Json.Nodes.JsonNode card = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(a, "card.json")))!;
        System.Text.Json.Nodes.JsonNode smoothness = card["evaluation"]!["smoothness"]!.AsArray().Single()!;
        Assert.That(smoothness["actuator"]!.GetValue<string>(), Is.EqualTo("torque"));
        Assert.That(smoothness["mean_abs_delta"]!.GetValue<double>(), Is.GreaterThan(0));
        Assert.That(smoothness["high_frequency_share"]!.GetValue<double>(), Is.InRange(0, 1));
    }

    [Test]
    public void AStrongTemporalTerm_MakesTheMeanMoveLessBetweenSteps()
    {
        // The same short run with and without a heavy temporal term: the term's own logged value (the mean distance
        // between consecutive steps' actions) ends lower with it.
        static double LastTemporal(string run)
        {
            string[] lines = File.ReadAllLines(Path.Combine(run, "progress.csv"));
            int column = Array.IndexOf(lines[0].Split(','), "losses/smoothness_temporal");
            return double.Parse(lines[^1].Split(',')[column], System.Globalization.CultureInfo.InvariantCulture);
        }
        string weak = Path.Combine(_dir, "weak"), strong = Path.Combine(_dir, "strong");
        TrainConfig longer = Tiny(null) with { Steps = 12 * 4 * 128 };
        new TrainingSession(longer with { Ppo = longer.Ppo with { Smoothness = new SmoothnessConfig { Temporal = 1e-6f, Spatial = 0 } } }, weak, new Silent()).Run(resume: false);
        new TrainingSession(longer with { Ppo = longer.Ppo with { Smoothness = new SmoothnessConfig { Temporal = 5f, Spatial = 0 } } }, strong, new Silent()).Run(resume: false);
        Assert.That(LastTemporal(strong), Is.LessThan(0.5 * LastTemporal(weak)));
    }

    [Test]
    public void ActionRatePenalty_IsOffByDefault_ChargesTrainingReturnsOnly_AndResumesBitForBit()
    {
        Assert.That(ConfigLoader.ToJson(new TrainConfig()), Does.Not.Contain("action_rate_penalty"));
        TrainConfig charged = Tiny(null) with { ActionRatePenalty = 50 };
        Assert.That(ConfigLoader.Hash(charged), Is.Not.EqualTo(ConfigLoader.Hash(Tiny(null))));
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b"), plain = Path.Combine(_dir, "plain");
        new TrainingSession(charged, a, new Silent()).Run(resume: false);
        var dying = new TrainingSession(charged, b, new Silent()) { AfterCheckpoint = _ => throw new Killed() };
        Assert.Throws<Killed>(() => dying.Run(resume: false));
        new TrainingSession(charged, b, new Silent()).Run(resume: true);
        new TrainingSession(Tiny(null), plain, new Silent()).Run(resume: false);
        Assert.That(File.ReadAllText(Path.Combine(b, "progress.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(a, "progress.csv"))));
        // The first episodes are flown mostly by the same initial policy in both runs; charged 50 × (Δu / range)² a step
        // (random-looking torques move a good share of their range), their training return is far lower.
        static double FirstReturn(string run) => File.ReadAllLines(Path.Combine(run, "progress.csv")).Skip(1)
            .Select(l => l.Split(',')[2]).Where(c => c.Length > 0).Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).First();
        Assert.That(FirstReturn(a), Is.LessThan(FirstReturn(plain)));
        Assert.Throws<ArgumentOutOfRangeException>(() => (Tiny(null) with { ActionRatePenalty = -1 }).Validate());
    }
}
