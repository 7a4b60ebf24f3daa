// `drl-train train --resume` continues a run exactly as it was configured: options that would change it are refused
// by name, a resume that fails leaves the run folder as it was, and two trainings never write one folder at once.
using DrlRobot.Trainer.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using DrlRobot.Tests.Shared;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Tests.Cli;

[NonParallelizable]
public class ResumeGuardTests
{
    private string _dir = "";
    private string _run = "";

    [SetUp]
    public void TrainAShortRun()
    {
        _dir = Directory.CreateTempSubdirectory("drl-resume-guard-").FullName;
        _run = Path.Combine(_dir, "run");
        (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--env", "pendulum", "--algo", "ppo", "--steps", "2048",
                                                         "--seed", "3", "--envs", "2", "--out", _run);
        Assert.That(code, Is.Zero, error);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [TestCase("--seed", "4", "seed (run 3, asked 4)")]
    [TestCase("--envs", "8", "num_envs (run 2, asked 8)")]
    [TestCase("--algo", "sac", "algo (run \"ppo\", asked \"sac\")")]
    [TestCase("--env", "lander", "env (run \"pendulum\", asked \"lander\")")]
    public void ResumeWithADifferentOption_IsRefusedNamingIt_AndChangesNothing(string option, string value, string named)
    {
        string before = File.ReadAllText(Path.Combine(_run, "config.json"));
        (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--out", _run, "--resume", "--steps", "4096", option, value);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain(named).And.Contain("only --steps may change"));
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
            Assert.That(File.ReadAllText(Path.Combine(_run, "config.json")), Is.EqualTo(before));
        });
    }

    [Test]
    public void ResumeWithAConfigFileThatChangesAKey_NamesTheKey()
    {
        string file = Path.Combine(_dir, "change.json");
        File.WriteAllText(file, """{ "ppo": { "learning_rate": 0.001 } }""");
        (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--out", _run, "--resume", "--config", file);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("ppo.learning_rate (run 0.0003, asked 0.001)"));
            Assert.That(error, Does.Not.Contain("seed"), "what the command line set when the run began is not a difference");
        });
    }

    [Test]
    public void ResumeWithTheSameOptions_AndMoreSteps_Continues()
    {
        (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--out", _run, "--resume", "--steps", "4096",
                                                         "--seed", "3", "--envs", "2", "--env", "pendulum", "--algo", "ppo");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(ConfigLoader.ReadResolved(Path.Combine(_run, "config.json")).Steps, Is.EqualTo(4096), "the new budget is recorded");
        });
    }

    [Test]
    public void ResumeOnAnotherDevice_IsHonoured_AndReadsTheSameCheckpoints()
    {
        // The device is not part of the config hash: a run trained on CUDA continues on the CPU, and back.
        (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--out", _run, "--resume", "--steps", "4096", "--device", "cpu");
        TrainConfig config = ConfigLoader.ReadResolved(Path.Combine(_run, "config.json"));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(config.Device, Is.EqualTo(DeviceChoice.Cpu), "config.json records where it now trains");
            Assert.That(ConfigLoader.Hash(config), Is.EqualTo(ConfigLoader.Hash(config with { Device = DeviceChoice.Cuda })));
        });
    }

    [Test]
    public void CheckpointWhoseHashIncludedTheDevice_AsEarlierVersionsWrote_StillResumes()
    {
        // Earlier versions hashed the device too; a run started with --device cpu carries that hash in its checkpoints.
        TrainConfig run = ConfigLoader.ReadResolved(Path.Combine(_run, "config.json")) with { Device = DeviceChoice.Cpu };
        File.WriteAllText(Path.Combine(_run, "config.json"), ConfigLoader.ToJson(run));
        IReadOnlyList<string> accepted = ConfigLoader.AcceptedHashes(run);
        Assert.That(accepted, Has.Count.EqualTo(2), "a non-default device has a legacy hash");
        var store = new CheckpointStore(Path.Combine(_run, "checkpoints"), 3);
        string newest = store.List()[^1];
        (long step, byte[] payload) = CheckpointStore.Read(newest, ConfigLoader.Hash(run));
        File.Delete(newest);
        store.Save(step, accepted[1], w => w.Write(payload));
        (int code, string output, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--out", _run, "--resume", "--steps", "4096");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain($"resumed from {Path.GetFileName(newest)}"));
        });
    }

    [Test]
    public void FailedResume_LeavesConfigJsonAsItWas()
    {
        string config = Path.Combine(_run, "config.json");
        string before = File.ReadAllText(config);
        foreach (string checkpoint in Directory.GetFiles(Path.Combine(_run, "checkpoints")))
        {
            File.WriteAllBytes(checkpoint, [1, 2, 3]);
        }
        (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--out", _run, "--resume", "--steps", "65536");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), error);
            Assert.That(error, Does.Contain("no readable checkpoint"));
            Assert.That(File.ReadAllText(config), Is.EqualTo(before), "steps 2048 → 65536 was not written");
        });
    }

    [Test]
    public void RunFolderInUse_IsRefused_AndFreeAgainOnceReleased()
    {
        var run = new RunDirectory(_run);
        TrainConfig config = ConfigLoader.ReadResolved(run.ConfigPath) with { Steps = 4096 };
        using (run.Lock())
        {
            var e = Assert.Throws<ArgumentException>(() => new TrainingSession(config, _run, new NoProgress()).Run(resume: true));
            Assert.That(e!.Message, Does.Contain("in use by another training run"));
            (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--out", _run, "--resume", "--steps", "4096");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("in use by another training run"));
        }
        Assert.That(new TrainingSession(config, _run, new NoProgress()).Run(resume: true).Steps, Is.EqualTo(4096));
    }

    private sealed class NoProgress : ITrainingProgress
    {
        public void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes) { }

        public void Note(string message) { }
    }
}
