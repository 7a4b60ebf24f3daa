// Whole training runs on the pendulum, kept tiny: artefacts, determinism, resume after a kill, bad input.
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Tests.Training;

[NonParallelizable]
public class TrainingRunTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "drl-train-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static TrainConfig Tiny(Algorithm algo = Algorithm.Ppo) => new()
    {
        Env = "pendulum",
        Algo = algo,
        Steps = 4 * 4 * 128,
        NumEnvs = 4,
        Seed = 3,
        CheckpointEvery = 2 * 4 * 128,
        EvalEpisodes = 4,
        Ppo = new() { RolloutSteps = 128, MinibatchSize = 128, Epochs = 2 },
    };

    private sealed class Silent : ITrainingProgress
    {
        public List<string> Notes { get; } = [];

        public void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes) { }

        public void Note(string message) => Notes.Add(message);
    }

    private sealed class Killed : Exception;

    [Test]
    public void Run_WritesEveryArtefactOfTheRunDirectory()
    {
        string run = Path.Combine(_dir, "run");
        TrainingResult result = new TrainingSession(Tiny(), run, new Silent()).Run(resume: false);
        var layout = new RunDirectory(run);
        Assert.Multiple(() =>
        {
            Assert.That(result.Steps, Is.EqualTo(Tiny().Steps));
            Assert.That(File.Exists(layout.ConfigPath), Is.True);
            Assert.That(File.ReadAllLines(layout.ProgressPath), Has.Length.EqualTo(5), "header + one row per iteration");
            Assert.That(Directory.GetFiles(run, "events.out.tfevents.*"), Has.Length.EqualTo(1));
            Assert.That(Directory.GetFiles(layout.CheckpointsDir, "*.ckpt"), Has.Length.EqualTo(2));
            Assert.That(new FileInfo(layout.CurvePath).Length, Is.GreaterThan(1000));
            Assert.That(new FileInfo(layout.EpisodePath).Length, Is.GreaterThan(1000));
            Assert.That(File.ReadAllText(layout.CardPath), Does.Contain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(layout.PolicyPath)))));
            Assert.That(File.ReadAllText(layout.CardPath), Does.Contain("\"mean_return\""));
            Assert.That(result.Evaluation!.Episodes, Is.EqualTo(4));
        });
    }

    [Test]
    public void ExportCommand_WritesAPolicyThatOnnxRuntimeRunsWithTheRunsMetadata()
    {
        string run = Path.Combine(_dir, "run");
        new TrainingSession(Tiny(), run, new Silent()).Run(resume: false);
        string exported = Path.Combine(_dir, "exported.onnx");
        (int code, string stdout, _) = ConsoleCapture.Run(DrlRobot.Trainer.Cli.TrainerCli.Run, "export", run, "--out", exported);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(exported);
        IReadOnlyDictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(stdout, Does.Contain("step 2048"));
            Assert.That(metadata["drlrobot.contract"], Does.Contain("\"env_id\":\"pendulum\""));
            Assert.That(metadata["drlrobot.training"], Does.Contain("\"algorithm\": \"ppo\"").And.Contain("\"steps\": 2048"));
        });
    }

    [Test]
    public void CompareCommand_DrawsSeveralRunsOnOneChart_AndNamesAMissingOne()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        new TrainingSession(Tiny(), a, new Silent()).Run(resume: false);
        new TrainingSession(Tiny() with { Seed = 8 }, b, new Silent()).Run(resume: false);
        string png = Path.Combine(_dir, "compare.png");
        (int code, _, string stderr) = ConsoleCapture.Run(DrlRobot.Trainer.Cli.TrainerCli.Run, "compare", a, b, "--out", png, "--steps", "1024");
        (int missingCode, _, string missingError) = ConsoleCapture.Run(DrlRobot.Trainer.Cli.TrainerCli.Run, "compare", a, Path.Combine(_dir, "none"), "--out", png);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(new FileInfo(png).Length, Is.GreaterThan(1000));
            Assert.That(missingCode, Is.EqualTo(2));
            Assert.That(missingError, Does.Contain("no progress.csv"));
        });
    }

    [Test]
    public void ExportCommand_WithCardForAnUnfinishedRun_IsRefusedBeforeWritingAnything()
    {
        string run = Path.Combine(_dir, "unfinished");
        var dying = new TrainingSession(Tiny(), run, new Silent()) { AfterCheckpoint = _ => throw new Killed() };
        Assert.Throws<Killed>(() => dying.Run(resume: false));
        string onnx = Path.Combine(_dir, "out.onnx");
        (int code, _, string stderr) = ConsoleCapture.Run(DrlRobot.Trainer.Cli.TrainerCli.Run, "export", run, "--out", onnx, "--card");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), stderr);
            Assert.That(stderr, Does.Contain("--card"));
            Assert.That(File.Exists(onnx), Is.False, "nothing was written");
        });
    }

    [Test]
    public void ExportCommand_OfAMissingRun_IsOneLineAndExit2()
    {
        (int code, _, string stderr) = ConsoleCapture.Run(DrlRobot.Trainer.Cli.TrainerCli.Run, "export", Path.Combine(_dir, "nothing-here"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr.Trim(), Does.StartWith("drl-train: error: run directory not found").And.Not.Contain("\n"));
        });
    }

    [Test]
    public void SameSeed_GivesAnIdenticalProgressCsv_AnotherSeedDoesNot()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b"), c = Path.Combine(_dir, "c");
        new TrainingSession(Tiny(), a, new Silent()).Run(resume: false);
        new TrainingSession(Tiny(), b, new Silent()).Run(resume: false);
        new TrainingSession(Tiny() with { Seed = 4 }, c, new Silent()).Run(resume: false);
        string progressA = File.ReadAllText(Path.Combine(a, "progress.csv"));
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(b, "progress.csv")), Is.EqualTo(progressA));
            Assert.That(File.ReadAllText(Path.Combine(c, "progress.csv")), Is.Not.EqualTo(progressA));
        });
    }

    [Test]
    public void ResumeAfterAKill_EndsWithTheSameWeightsAsAnUninterruptedRun()
    {
        string straight = Path.Combine(_dir, "straight"), killed = Path.Combine(_dir, "killed");
        new TrainingSession(Tiny(), straight, new Silent()).Run(resume: false);

        // The first checkpoint is written, then the process "dies" before anything else happens.
        var dying = new TrainingSession(Tiny(), killed, new Silent()) { AfterCheckpoint = _ => throw new Killed() };
        Assert.Throws<Killed>(() => dying.Run(resume: false));
        var progress = new Silent();
        new TrainingSession(Tiny(), killed, progress).Run(resume: true);

        string last = Path.GetFileName(new CheckpointStore(Path.Combine(straight, "checkpoints"), 3).List()[^1]);
        string hash = ConfigLoader.Hash(Tiny());
        Assert.Multiple(() =>
        {
            Assert.That(progress.Notes, Has.Some.Contains("resumed from step-0000001024.ckpt"));
            Assert.That(CheckpointStore.Read(Path.Combine(killed, "checkpoints", last), hash).Payload,
                        Is.EqualTo(CheckpointStore.Read(Path.Combine(straight, "checkpoints", last), hash).Payload));
            Assert.That(File.ReadAllText(Path.Combine(killed, "progress.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(straight, "progress.csv"))));
        });
    }

    [Test]
    public void ResumedRun_CardCountsTheWallTimeOfEverySession()
    {
        string run = Path.Combine(_dir, "run");
        var dying = new TrainingSession(Tiny(), run, new Silent()) { AfterCheckpoint = _ => throw new Killed() };
        Assert.Throws<Killed>(() => dying.Run(resume: false));
        double firstSession = TrainingTime.At(Path.Combine(run, "wall.json"), 1024) ?? double.NaN;
        TrainingResult resumed = new TrainingSession(Tiny(), run, new Silent()).Run(resume: true);
        using var card = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "card.json")));
        double cardWall = card.RootElement.GetProperty("wall_seconds").GetDouble();
        Assert.Multiple(() =>
        {
            Assert.That(firstSession, Is.GreaterThan(0), "the first session recorded its time at its checkpoint");
            Assert.That(resumed.Profile!.WallSeconds, Is.GreaterThan(0));
            Assert.That(cardWall, Is.EqualTo(firstSession + resumed.Profile.WallSeconds).Within(0.06), "both sessions, rounded to 0.1 s");
            // The last checkpoint's entry counts the first session and this one up to that checkpoint (no clock comparisons).
            Assert.That(TrainingTime.At(Path.Combine(run, "wall.json"), Tiny().Steps), Is.InRange(firstSession, resumed.WallSeconds));
        });
    }

    [Test]
    public void Resume_SkipsACorruptNewestCheckpointAndSaysWhich()
    {
        string run = Path.Combine(_dir, "run");
        new TrainingSession(Tiny(), run, new Silent()).Run(resume: false);
        string newest = new CheckpointStore(Path.Combine(run, "checkpoints"), 3).List()[^1];
        File.WriteAllBytes(newest, File.ReadAllBytes(newest)[..200]);
        var progress = new Silent();
        new TrainingSession(Tiny(), run, progress).Run(resume: true);
        Assert.That(progress.Notes, Has.Some.Contains(Path.GetFileName(newest)).And.Some.Contains("resumed from step-0000001024.ckpt"));
    }

    [Test]
    public void Resume_SkipsACheckpointWithABadHeaderLength_AndSaysWhich()
    {
        string run = Path.Combine(_dir, "run");
        new TrainingSession(Tiny(), run, new Silent()).Run(resume: false);
        string newest = new CheckpointStore(Path.Combine(run, "checkpoints"), 3).List()[^1];
        byte[] bytes = File.ReadAllBytes(newest);
        BitConverter.GetBytes(-2147365891).CopyTo(bytes, 8 + 8 + 1 + ConfigLoader.Hash(Tiny()).Length);
        File.WriteAllBytes(newest, bytes);
        var progress = new Silent();
        new TrainingSession(Tiny(), run, progress).Run(resume: true);
        Assert.That(progress.Notes, Has.Some.Contains(Path.GetFileName(newest)).And.Some.Contains("resumed from step-0000001024.ckpt"));
    }

    [TestCase("")]
    [TestCase("2048,1")]
    [TestCase("\n\n")]
    public void Resume_AfterAPartialLastProgressRow_TrimsItAndContinuesAsAnUninterruptedRun(string partial)
    {
        string straight = Path.Combine(_dir, "straight"), killed = Path.Combine(_dir, "killed");
        new TrainingSession(Tiny(), straight, new Silent()).Run(resume: false);
        var dying = new TrainingSession(Tiny(), killed, new Silent()) { AfterCheckpoint = _ => throw new Killed() };
        Assert.Throws<Killed>(() => dying.Run(resume: false));
        // What a full disk or a kill mid-write leaves: a row cut short, or blank lines.
        File.AppendAllText(Path.Combine(killed, "progress.csv"), partial);
        new TrainingSession(Tiny(), killed, new Silent()).Run(resume: true);
        Assert.That(File.ReadAllText(Path.Combine(killed, "progress.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(straight, "progress.csv"))));
    }

    [Test]
    public void Curve_OfAProgressLogWithAPartialRow_LeavesTheRowOut()
    {
        string csv = Path.Combine(_dir, "progress.csv"), png = Path.Combine(_dir, "curve.png");
        File.WriteAllText(csv, "step,episodes,mean_return,mean_length,success_rate\n512,3,-100,200,0\n1024,6,-50,200,0\n15");
        RunArtefacts.WriteCurve(csv, png, "partial", 200);
        Assert.That(new FileInfo(png).Length, Is.GreaterThan(1000));
    }

    [Test]
    public void NewRun_IntoAFolderHoldingARun_IsRefusedAndLeavesItAlone()
    {
        string run = Path.Combine(_dir, "run");
        new TrainingSession(Tiny(), run, new Silent()).Run(resume: false);
        string config = File.ReadAllText(Path.Combine(run, "config.json"));
        var error = Assert.Throws<ArgumentException>(() => new TrainingSession(Tiny() with { Seed = 99 }, run, new Silent()).Run(resume: false));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("already holds a run").And.Contain("--resume"));
            Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Is.EqualTo(config));
        });
    }

    [Test]
    public void DqnOnAContinuousEnv_IsRefusedWithOneLine()
    {
        var error = Assert.Throws<ArgumentException>(() => new TrainingSession(Tiny(Algorithm.Dqn), Path.Combine(_dir, "dqn"), new Silent()).Run(false));
        Assert.That(error!.Message, Does.Contain("dqn needs discrete actions").And.Contain("pendulum"));
    }

    [Test]
    public void UnwritableOutputFolder_IsOneClearIOException()
    {
        string blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "not a folder");
        var error = Assert.Throws<IOException>(() => new TrainingSession(Tiny(), Path.Combine(blocker, "run"), new Silent()).Run(false));
        Assert.That(error!.Message, Does.Contain("cannot write the run directory"));
    }
}
