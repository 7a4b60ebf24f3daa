// Every algorithm trains a few thousand steps end to end, writes a readable checkpoint, and resumes from it to
// the same weights as an uninterrupted run.
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Tests.Training;

[NonParallelizable]
public class AlgorithmSmokeTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "drl-smoke-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private sealed class Silent : ITrainingProgress
    {
        public void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes) { }

        public void Note(string message) { }
    }

    private sealed class Killed : Exception;

    public static IEnumerable<TestCaseData> Configs()
    {
        TrainConfig offPolicy = new() { Steps = 3000, NumEnvs = 2, Seed = 5, CheckpointEvery = 1500, EvalEpisodes = 2 };
        yield return new TestCaseData(offPolicy with
        {
            Env = "pendulum", Algo = Algorithm.Sac,
            Sac = new() { LearningStarts = 500, BatchSize = 32, Hidden = [32, 32], BufferSize = 5000 },
        }).SetName("Sac_Pendulum");
        yield return new TestCaseData(offPolicy with
        {
            Env = "pendulum", Algo = Algorithm.Td3,
            Td3 = new() { LearningStarts = 500, BatchSize = 32, Hidden = [32, 32], BufferSize = 5000 },
        }).SetName("Td3_Pendulum");
        yield return new TestCaseData(offPolicy with
        {
            Env = "pendulum", Algo = Algorithm.Td3,
            Td3 = new() { LearningStarts = 500, BatchSize = 32, Hidden = [32, 32], BufferSize = 5000, ExplorationNoiseColor = NoiseColor.Pink },
        }).SetName("Td3PinkNoise_Pendulum");
        yield return new TestCaseData(offPolicy with
        {
            Env = "lander-discrete", Algo = Algorithm.Dqn,
            Dqn = new() { LearningStarts = 500, BatchSize = 32, Hidden = [32, 32], BufferSize = 5000, TargetUpdateInterval = 50 },
        }).SetName("Dqn_LanderDiscrete");
        yield return new TestCaseData(offPolicy with
        {
            Env = "lander-discrete", Algo = Algorithm.Ppo, Steps = 2048, CheckpointEvery = 1024,
            Ppo = new() { RolloutSteps = 256, MinibatchSize = 128, Epochs = 2 },
        }).SetName("Ppo_LanderDiscrete");
    }

    [TestCaseSource(nameof(Configs))]
    public void TrainsAndResumesToTheSameWeights(TrainConfig config)
    {
        string straight = Path.Combine(_dir, "straight"), killed = Path.Combine(_dir, "killed");
        TrainingResult result = new TrainingSession(config, straight, new Silent()).Run(resume: false);

        var dying = new TrainingSession(config, killed, new Silent()) { AfterCheckpoint = _ => throw new Killed() };
        Assert.Throws<Killed>(() => dying.Run(resume: false));
        new TrainingSession(config, killed, new Silent()).Run(resume: true);

        string hash = ConfigLoader.Hash(config);
        string last = Path.GetFileName(new CheckpointStore(Path.Combine(straight, "checkpoints"), 3).List()[^1]);
        string[] progress = File.ReadAllLines(Path.Combine(straight, "progress.csv"));
        int loss = Array.FindIndex(progress[0].Split(','), c => c.StartsWith("losses/", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(loss, Is.GreaterThan(4), "progress.csv names the losses");
            Assert.That(progress[^1].Split(',')[loss], Is.Not.Empty, "and the last row has a value for them");
            Assert.That(result.Steps, Is.GreaterThanOrEqualTo(config.Steps));
            Assert.That(double.IsFinite(result.Evaluation!.MeanReturn), Is.True);
            Assert.That(CheckpointStore.Read(Path.Combine(killed, "checkpoints", last), hash).Payload,
                        Is.EqualTo(CheckpointStore.Read(Path.Combine(straight, "checkpoints", last), hash).Payload));
        });
    }

    [Test]
    public void LearningThatStartsAfterTheFirstIteration_StillGetsLossColumns()
    {
        // The first iteration (1000 steps) is all random actions: no losses yet. The columns must still be there.
        var config = new TrainConfig
        {
            Env = "pendulum", Algo = Algorithm.Td3, Steps = 3000, NumEnvs = 2, Seed = 5, CheckpointEvery = 3000, EvalEpisodes = 1,
            Td3 = new() { LearningStarts = 1500, BatchSize = 32, Hidden = [32, 32], BufferSize = 5000 },
        };
        new TrainingSession(config, _dir, new Silent()).Run(resume: false);
        string[] lines = File.ReadAllLines(Path.Combine(_dir, "progress.csv"));
        string[] header = lines[0].Split(',');
        int q = Array.IndexOf(header, "losses/q"), actor = Array.IndexOf(header, "losses/actor");
        Assert.Multiple(() =>
        {
            Assert.That(header, Does.Contain("losses/q").And.Contain("losses/actor"));
            Assert.That(header, Has.None.StartsWith("perf/"), "timings stay out of progress.csv");
            Assert.That(lines[1].Split(',')[q], Is.Empty, "no loss before learning starts");
            Assert.That(double.Parse(lines[^1].Split(',')[q], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0));
            Assert.That(lines[^1].Split(',')[actor], Is.Not.Empty);
        });
    }

    [Test]
    public void TrainMaxEpisodeSteps_ShortensTrainingEpisodesButNotTheEvaluation()
    {
        var config = new TrainConfig
        {
            Env = "pendulum", Algo = Algorithm.Td3, Steps = 2000, NumEnvs = 2, Seed = 5, CheckpointEvery = 2000, EvalEpisodes = 2,
            TrainMaxEpisodeSteps = 50,
            Td3 = new() { LearningStarts = 1000, BatchSize = 32, Hidden = [32, 32], BufferSize = 5000 },
        };
        TrainingResult result = new TrainingSession(config, _dir, new Silent()).Run(resume: false);
        string[] last = File.ReadAllLines(Path.Combine(_dir, "progress.csv"))[^1].Split(',');
        Assert.Multiple(() =>
        {
            Assert.That(double.Parse(last[3], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(50), "mean_length of training episodes");
            Assert.That(result.Evaluation!.MeanLength, Is.EqualTo(200), "evaluation keeps the pendulum's own 200 steps");
        });
    }
}
