// Training under domain randomisation from the config: the ranges reach the training envs, config.json and the
// hash; the card reports the nominal and the randomised evaluation; nominal runs keep the hash they always had.
using System.Text.Json;
using DrlRobot.Sim.Randomization;
using DrlRobot.Tests.Shared;
using DrlRobot.Trainer.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Tests.Training;

public class RandomizedTrainingTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-randomized-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static TrainConfig Tiny(DomainRandomization? randomization) => new()
    {
        Env = "pendulum", Algo = Algorithm.Ppo, Steps = 2 * 4 * 128, NumEnvs = 4, Seed = 3, EvalEpisodes = 8,
        Ppo = new() { RolloutSteps = 128, MinibatchSize = 128, Epochs = 1 }, Randomization = randomization,
    };

    private sealed class Silent : ITrainingProgress
    {
        public void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes) { }

        public void Note(string message) { }
    }

    [Test]
    public void NominalConfig_WritesNoRandomizationKey_SoItsHashIsUnchanged()
    {
        string json = ConfigLoader.ToJson(new TrainConfig());
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Not.Contain("randomization"));
            Assert.That(ConfigLoader.Hash(Tiny(null)), Is.Not.EqualTo(ConfigLoader.Hash(Tiny(new DomainRandomization()))), "ranges shape training");
        });
    }

    [Test]
    public void PartialRanges_KeepTheOtherDefaults()
    {
        string file = Path.Combine(_dir, "c.json");
        File.WriteAllText(file, """{"randomization": {"mass_scale": {"low": 0.5, "high": 2}}}""");
        DomainRandomization ranges = ConfigLoader.Resolve(file, new ConfigOverrides()).Randomization!;
        Assert.Multiple(() =>
        {
            Assert.That(ranges.MassScale, Is.EqualTo(new ParameterRange(0.5f, 2f)));
            Assert.That(ranges with { MassScale = new DomainRandomization().MassScale }, Is.EqualTo(new DomainRandomization()));
        });
    }

    [Test]
    public void RandomizedRun_TrainsOnOtherRobots_AndItsCardReportsBothEvaluations()
    {
        var wide = new DomainRandomization { MassScale = new(0.5f, 2f), ThrustScale = new(0.5f, 1.5f) };
        string nominal = Path.Combine(_dir, "nominal"), randomized = Path.Combine(_dir, "randomized");
        new TrainingSession(Tiny(null), nominal, new Silent()).Run(resume: false);
        new TrainingSession(Tiny(wide), randomized, new Silent()).Run(resume: false);
        using JsonDocument plain = JsonDocument.Parse(File.ReadAllText(Path.Combine(nominal, "card.json")));
        using JsonDocument card = JsonDocument.Parse(File.ReadAllText(Path.Combine(randomized, "card.json")));
        JsonElement evaluation = card.RootElement.GetProperty("evaluation"), spread = card.RootElement.GetProperty("evaluation_randomized");
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(randomized, "progress.csv")), Is.Not.EqualTo(File.ReadAllText(Path.Combine(nominal, "progress.csv"))),
                        "the training envs drew other robots");
            Assert.That(ConfigLoader.ReadResolved(Path.Combine(randomized, "config.json")).Randomization, Is.EqualTo(wide));
            Assert.That(spread.GetProperty("episodes").GetInt32(), Is.EqualTo(8));
            Assert.That(spread.GetProperty("mean_return").GetDouble(), Is.Not.EqualTo(evaluation.GetProperty("mean_return").GetDouble()));
            Assert.That(plain.RootElement.TryGetProperty("evaluation_randomized", out _), Is.False, "a nominal run has one evaluation");
        });
    }

    [Test]
    public void RandomizeOnTheCommandLine_UsesTheDefaults_AndEvalRandomizeDiffersFromNominal()
    {
        string run = Path.Combine(_dir, "cli");
        (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--env", "pendulum", "--steps", "1024", "--envs", "4", "--out", run, "--randomize");
        Assert.That(code, Is.Zero, error);
        (int _, string nominal, _) = ConsoleCapture.Run(TrainerCli.Run, "eval", run, "--episodes", "10", "--json");
        (int _, string spread, _) = ConsoleCapture.Run(TrainerCli.Run, "eval", run, "--episodes", "10", "--json", "--randomize");
        (int resumeCode, _, string resumeError) = ConsoleCapture.Run(TrainerCli.Run, "train", "--out", run, "--resume", "--steps", "2048");
        Assert.Multiple(() =>
        {
            Assert.That(ConfigLoader.ReadResolved(Path.Combine(run, "config.json")).Randomization, Is.EqualTo(new DomainRandomization()));
            Assert.That(JsonDocument.Parse(spread).RootElement.GetProperty("mean_return").GetDouble(),
                        Is.Not.EqualTo(JsonDocument.Parse(nominal).RootElement.GetProperty("mean_return").GetDouble()));
            Assert.That(resumeCode, Is.Zero, resumeError + " (a resume without --randomize keeps the run's ranges)");
        });
    }

    [Test]
    public void RandomizeOnResumingANominalRun_IsRefusedNamingIt()
    {
        string run = Path.Combine(_dir, "plain");
        Assert.That(ConsoleCapture.Run(TrainerCli.Run, "train", "--env", "pendulum", "--steps", "1024", "--envs", "4", "--out", run).ExitCode, Is.Zero);
        (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--out", run, "--resume", "--steps", "2048", "--randomize");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("randomization"));
        });
    }
}
