// Ctrl+C and SIGTERM during `drl-train train` lose nothing: the run stops after the current iteration, writes a
// checkpoint at that step, says where, exits 130 or 143, and --resume continues from it. Run as a user runs it: the
// real drl-train in its own process, stopped by a real signal.
using System.Diagnostics;
using System.Globalization;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Tests.Cli;

[NonParallelizable]
public class InterruptTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-interrupt-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static Process Start(params string[] args) => DrlTrainProcess.Start(args);

    private static long LastLoggedStep(string progressCsv)
    {
        string[] lines = File.Exists(progressCsv) ? File.ReadAllLines(progressCsv) : [];
        return lines.Length < 2 ? -1 : long.Parse(lines[^1].Split(',')[0], CultureInfo.InvariantCulture);
    }

    [TestCase("INT", 130)]
    [TestCase("TERM", 143)]
    public void SignalDuringTraining_WritesACheckpointWhereItStopped_AndResumeContinues(string signal, int expectedCode)
    {
        string run = Path.Combine(_dir, "run");
        string progress = Path.Combine(run, "progress.csv");
        using Process train = Start("train", "--env", "lander", "--steps", "2000000", "--seed", "4", "--out", run);
        Task<string> stdout = train.StandardOutput.ReadToEndAsync(), stderr = train.StandardError.ReadToEndAsync();
        var waited = Stopwatch.StartNew();
        // Stop it once it has logged an iteration, long before its first scheduled checkpoint (100k steps).
        while (LastLoggedStep(progress) < 0 && !train.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            Thread.Sleep(50);
        }
        Assert.That(train.HasExited, Is.False, "still training when the signal comes: " + (train.HasExited ? stderr.Result : ""));
        Process.Start("kill", [$"-{signal}", train.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.That(train.WaitForExit(60_000), Is.True, "drl-train stops after the current iteration");

        string error = stderr.Result;
        IReadOnlyList<string> checkpoints = new CheckpointStore(Path.Combine(run, "checkpoints"), 3).List();
        long stopped = LastLoggedStep(progress);
        Assert.Multiple(() =>
        {
            Assert.That(train.ExitCode, Is.EqualTo(expectedCode), error + stdout.Result);
            Assert.That(stopped, Is.InRange(1, 99_999), "stopped before the first scheduled checkpoint");
            Assert.That(checkpoints.Select(Path.GetFileName), Is.EqualTo(new[] { $"step-{stopped:D10}.ckpt" }), "a checkpoint at the step it stopped");
            Assert.That(error, Does.Contain($"interrupted at step {stopped}: checkpoint {checkpoints[0]}").And.Contain("--resume"));
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        });
        string hash = ConfigLoader.Hash(ConfigLoader.ReadResolved(Path.Combine(run, "config.json")));
        Assert.That(CheckpointStore.Read(checkpoints[0], hash).Step, Is.EqualTo(stopped), "the checkpoint is whole and readable");

        // One more iteration from where it stopped.
        long target = stopped + 1;
        using Process resume = Start("train", "--out", run, "--resume", "--steps", target.ToString(CultureInfo.InvariantCulture));
        string resumeOut = resume.StandardOutput.ReadToEnd() + resume.StandardError.ReadToEnd();
        Assert.That(resume.WaitForExit(120_000), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(resume.ExitCode, Is.Zero, resumeOut);
            Assert.That(resumeOut, Does.Contain($"resumed from step-{stopped:D10}.ckpt at step {stopped}"));
            Assert.That(LastLoggedStep(progress), Is.GreaterThanOrEqualTo(target));
            Assert.That(File.Exists(Path.Combine(run, "policy.onnx")), Is.True, "the resumed run finished and exported");
        });
    }

    [Test]
    public void DotnetHostKilled_TheTrainerItStartedCheckpointsAndStops()
    {
        // `dotnet run` is a dotnet process between the shell and the trainer, and a SIGKILL to it reaches nobody else.
        // A shell under the name "dotnet" plays it here: it starts the trainer, says its pid, and is then killed.
        string host = Path.Combine(_dir, "dotnet");
        File.CreateSymbolicLink(host, "/bin/bash");
        string run = Path.Combine(_dir, "run");
        string progress = Path.Combine(run, "progress.csv");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"env --default-signal=INT,TERM dotnet '{Path.Combine(AppContext.BaseDirectory, "drl-train.dll")}' train --env lander " +
                               $"--steps 2000000 --seed 5 --out '{run}' 2>'{Path.Combine(_dir, "stderr.txt")}' >'{Path.Combine(_dir, "stdout.txt")}' & echo $!; wait");
        using Process shell = Process.Start(start)!;
        using Process trainer = Process.GetProcessById(int.Parse(shell.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture));
        var waited = Stopwatch.StartNew();
        while (LastLoggedStep(progress) < 0 && !trainer.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            Thread.Sleep(50);
        }
        Assert.That(trainer.HasExited, Is.False, "still training when its host dies");
        shell.Kill();
        shell.WaitForExit();
        bool stoppedItself = trainer.WaitForExit(60_000);
        if (!stoppedItself)
        {
            trainer.Kill();
        }
        string error = File.ReadAllText(Path.Combine(_dir, "stderr.txt")), output = File.ReadAllText(Path.Combine(_dir, "stdout.txt"));
        long stopped = LastLoggedStep(progress);
        Assert.Multiple(() =>
        {
            Assert.That(stoppedItself, Is.True, "the orphaned trainer stopped by itself: " + error);
            Assert.That(output, Does.Contain("`dotnet run` that started this trainer is gone"));
            Assert.That(error, Does.Contain($"interrupted at step {stopped}"));
            Assert.That(new CheckpointStore(Path.Combine(run, "checkpoints"), 3).List().Select(Path.GetFileName), Is.EqualTo(new[] { $"step-{stopped:D10}.ckpt" }));
        });
    }

    [Test]
    public void CancelledSession_CheckpointsTheStepItReached_AndResumingIsDeterministic()
    {
        TrainConfig config = new()
        {
            Env = "pendulum", Algo = Algorithm.Ppo, Steps = 4096, NumEnvs = 2, Seed = 9, CheckpointEvery = 100_000, EvalEpisodes = 1,
            Ppo = new() { RolloutSteps = 256, MinibatchSize = 128, Epochs = 1 },
        };
        // Two runs stopped at the same iteration and resumed end with the same weights.
        byte[][] finals = new byte[2][];
        for (int i = 0; i < 2; i++)
        {
            string run = Path.Combine(_dir, $"run{i}");
            using var cancel = new CancellationTokenSource();
            var stopAfterTwo = new CancelAfter(2, cancel);
            TrainingResult stopped = new TrainingSession(config, run, stopAfterTwo).Run(resume: false, cancel.Token);
            Assert.Multiple(() =>
            {
                Assert.That(stopped.Interrupted, Is.True);
                Assert.That(stopped.Steps, Is.EqualTo(2 * 256 * 2));
                Assert.That(stopped.Checkpoint, Is.EqualTo(Path.Combine(run, "checkpoints", $"step-{stopped.Steps:D10}.ckpt")));
                Assert.That(stopped.Evaluation, Is.Null, "no evaluation for an unfinished run");
                Assert.That(File.Exists(Path.Combine(run, "policy.onnx")), Is.False);
            });
            TrainingResult done = new TrainingSession(config, run, new CancelAfter(int.MaxValue, null)).Run(resume: true);
            Assert.That(done.Steps, Is.EqualTo(config.Steps));
            string last = new CheckpointStore(Path.Combine(run, "checkpoints"), 3).List()[^1];
            finals[i] = CheckpointStore.Read(last, ConfigLoader.Hash(config)).Payload;
        }
        Assert.That(finals[1], Is.EqualTo(finals[0]));
    }

    private sealed class CancelAfter(int iterations, CancellationTokenSource? cancel) : ITrainingProgress
    {
        private int _reports;

        public void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes)
        {
            if (++_reports == iterations)
            {
                cancel?.Cancel();
            }
        }

        public void Note(string message) { }
    }
}
