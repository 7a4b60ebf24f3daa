// Sweeps run as users run them: the real drl-train in its own process, its trials in their own processes (the
// local backend) or as the array tasks of a real Slurm job (the one-node cluster of build/slurm/cluster.sh, which
// CI starts; elsewhere the Slurm tests say they need it, and CI sets DRLROBOT_REQUIRE_SLURM=1 so they cannot pass
// by being skipped). A trial's result does not depend on where it ran, and a killed trial resumes.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Sweeps;

namespace DrlRobot.Trainer.Tests.Sweeps;

[NonParallelizable]
public class SweepRunTests
{
    // Two configurations × three seeds of one PPO iteration on the lander each, evaluated on 10 episodes.
    private const string ShortSpec = """
        { "name": "short", "env": "lander", "algo": "ppo", "steps": 16384, "seeds": [1, 2, 3],
          "config": { "eval_episodes": 10 },
          "grid": { "ppo.learning_rate": [0.0003, 0.001] },
          "slurm": { "mem": "1G", "time": "00:10:00", "max_parallel": 1 } }
        """;

    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-sweep-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string Spec(string json)
    {
        string path = Path.Combine(_dir, "spec.json");
        File.WriteAllText(path, json);
        return path;
    }

    internal static Process Start(params string[] args) => DrlRobot.Trainer.Tests.Cli.DrlTrainProcess.Start(args);

    internal static (int Code, string Output) Run(TimeSpan timeout, params string[] args)
    {
        using Process process = Start(args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"drl-train {string.Join(' ', args)} did not end within {timeout}: {stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    internal static long LoggedRows(string progressCsv) => File.Exists(progressCsv) ? Math.Max(0, File.ReadAllLines(progressCsv).Length - 1) : 0;

    internal static string Progress(string sweep, string trial) => Path.Combine(sweep, "trials", trial, "progress.csv");

    [Test]
    public void LocalSweep_TrainsEveryTrial_ReportsIqm_AndARerunSkipsThem()
    {
        string out1 = Path.Combine(_dir, "local");
        (int code, string output) = Run(TimeSpan.FromMinutes(10), "sweep", Spec(ShortSpec), "--out", out1, "--workers", "1");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("6 trials").And.Contain("all 6 trials finished"));

        (int again, string rerun) = Run(TimeSpan.FromMinutes(2), "sweep", Spec(ShortSpec), "--out", out1);
        Assert.That(again, Is.Zero, rerun);
        Assert.That(rerun, Does.Contain("6 finished, 0 to resume, 0 to train").And.Contain("every trial is finished"));

        (int reportCode, string json) = Run(TimeSpan.FromMinutes(2), "report", out1, "--json");
        Assert.That(reportCode, Is.Zero, json);
        JsonArray configurations = JsonNode.Parse(json)!["configurations"]!.AsArray();
        Assert.That(configurations, Has.Count.EqualTo(2));
        foreach (JsonNode? configuration in configurations)
        {
            JsonArray results = configuration!["results"]!.AsArray();
            double[] scores = [.. results.Select(r => r!["mean_return"]!.GetValue<double>())];
            Assert.That(scores, Has.Length.EqualTo(3));
            Assert.That(configuration["iqm"]!["estimate"]!.GetValue<double>(), Is.EqualTo(scores.Average()).Within(1e-9), "the IQM of three is their mean");
            Assert.That(configuration["iqm"]!["low"]!.GetValue<double>(), Is.LessThanOrEqualTo(scores.Min() + 1e-9).Or.LessThan(configuration["iqm"]!["estimate"]!.GetValue<double>()));
            Assert.That(configuration["rank"]!.GetValue<int>(), Is.InRange(1, 2));
        }

        string markdown = Path.Combine(_dir, "report.md");
        (int mdCode, string mdOutput) = Run(TimeSpan.FromMinutes(2), "report", out1, "--out", markdown);
        Assert.That(mdCode, Is.Zero, mdOutput);
        string text = File.ReadAllText(markdown);
        Assert.That(text, Does.Contain("IQM [95 % CI]").And.Contain("c1: ppo.learning_rate=0.001").And.Contain("Every trial finished."));
        Assert.That(new FileInfo(Path.Combine(_dir, "report.curves.png")).Length, Is.GreaterThan(1000));

        // Every trial is an ordinary run: its card reproduces it, its config.json holds the configuration's value.
        JsonNode card = JsonNode.Parse(File.ReadAllText(Path.Combine(out1, "trials", "c1-s2", "card.json")))!;
        Assert.That(card["command"]!.GetValue<string>(), Does.Contain("--seed 2").And.Contain("--config config.json"));
        Assert.That(JsonNode.Parse(File.ReadAllText(Path.Combine(out1, "trials", "c1-s2", "config.json")))!["ppo"]!["learning_rate"]!.GetValue<double>(), Is.EqualTo(0.001));
    }

    [Test]
    public void LocalSweep_StoppedBySigterm_CheckpointsItsTrial_AndTheRerunResumesIt()
    {
        const string longSpec = """{ "env": "lander", "steps": 163840, "seeds": [7], "config": { "eval_episodes": 5 } }""";
        string sweep = Path.Combine(_dir, "long");
        using Process first = Start("sweep", Spec(longSpec), "--out", sweep);
        Task<string> stdout = first.StandardOutput.ReadToEndAsync(), stderr = first.StandardError.ReadToEndAsync();
        var waited = Stopwatch.StartNew();
        while (LoggedRows(Progress(sweep, "c0-s7")) < 1 && !first.HasExited && waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            Thread.Sleep(50);
        }
        Assert.That(first.HasExited, Is.False, "still training when SIGTERM comes: " + (first.HasExited ? stdout.Result + stderr.Result : ""));
        Process.Start("kill", ["-TERM", first.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.That(first.WaitForExit(120_000), Is.True, "the sweep waits for its trial to checkpoint and stop");
        Assert.That(first.ExitCode, Is.EqualTo(143), stdout.Result + stderr.Result);
        var folder = new SweepFolder(sweep);
        SweepTrial trial = folder.Load().Trials[0];
        Assert.That(folder.StateOf(trial), Is.EqualTo(TrialState.Resumable));
        Assert.That(TrialTask.ReadStatus(folder, trial)!.State, Is.EqualTo("interrupted"));

        (int code, string output) = Run(TimeSpan.FromMinutes(10), "sweep", Spec(longSpec), "--out", sweep);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("1 to resume"));
        Assert.That(File.ReadAllText(folder.LogPath(trial)), Does.Contain("resumed from step-"));
        Assert.That(folder.StateOf(trial), Is.EqualTo(TrialState.Finished));
        Assert.That(TrialTask.ReadStatus(folder, trial)!.Attempts, Is.EqualTo(2));
    }

    [Test]
    public void Report_NamesTrialsWithoutAResult()
    {
        var folder = new SweepFolder(Path.Combine(_dir, "planned"));
        folder.Prepare(SweepSpecs.Parse("""{ "env": "pendulum", "seeds": [1, 2] }""", "spec"), "spec");
        (int code, string output) = Run(TimeSpan.FromMinutes(2), "report", folder.Root);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("Trials without a result (2)").And.Contain("`c0-s1` (configuration c0, seed 1): not started"));
    }

    [Test]
    public void Report_GivesNoSuccessRateWhereTheEnvDefinesNoSuccess()
    {
        var folder = new SweepFolder(Path.Combine(_dir, "success"));
        SweepPlanFile plan = folder.Prepare(SweepSpecs.Parse("""
            { "seeds": [1], "steps": 1000, "configurations": [ { "env": "pendulum", "algo": "sac" }, { "env": "rover", "algo": "ppo" } ] }
            """, "spec"), "spec");
        // Each trial's run folder as a finished training leaves it: its resolved config and a card for the whole budget.
        foreach (SweepTrial trial in plan.Trials)
        {
            string dir = folder.TrialDir(trial);
            Directory.CreateDirectory(dir);
            TrainConfig config = ConfigLoader.Resolve(folder.ConfigPath(trial.Configuration), new ConfigOverrides { Seed = trial.Seed });
            File.WriteAllText(Path.Combine(dir, "config.json"), ConfigLoader.ToJson(config));
            File.WriteAllText(Path.Combine(dir, "card.json"),
                $$"""{ "steps": 1000, "wall_seconds": 2.0, "evaluation": { "mean_return": -150.0, "success_rate": {{(config.Env == "rover" ? 0.5 : 0.0)}}, "episodes": 10 } }""");
        }
        SweepReportData report = SweepReport.Build(folder);
        Assert.Multiple(() =>
        {
            Assert.That(report.Configurations.Select(c => c.Results.Count), Is.EqualTo(new[] { 1, 1 }), "both trials read as finished");
            Assert.That(report.Configurations[0].SuccessRate, Is.Null, "the pendulum has no notion of success");
            Assert.That(report.Configurations[1].SuccessRate!.Estimate, Is.EqualTo(0.5));
            Assert.That(SweepReport.ToMarkdown(report, []), Does.Contain("| — |"));
        });
    }

    [Test]
    public void Report_GivesEachConfigurationTheBudgetItsTrialsTrainFor_AndRanksWithinEachEnv()
    {
        var folder = new SweepFolder(Path.Combine(_dir, "defaults"));
        folder.Prepare(SweepSpecs.Parse("""
            { "seeds": [1], "configurations": [ { "env": "pendulum", "algo": "sac" }, { "env": "lander-discrete", "algo": "dqn" }, { "env": "lander-discrete", "algo": "ppo" } ] }
            """, "spec"), "spec");
        SweepReportData report = SweepReport.Build(folder);
        Assert.That(report.Configurations.Select(c => c.Steps), Is.EqualTo(new long[] { 20_000, 500_000, 1_000_000 }), "the shipped defaults' budgets");
        Assert.That(report.Configurations.Select(c => c.Rank), Is.EqualTo(new[] { 1, 1, 2 }));
    }
}
