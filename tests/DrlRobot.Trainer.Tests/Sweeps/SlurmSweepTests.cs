// A sweep through a real Slurm cluster: one job array, one array task per trial; the same per-trial results as the
// local backend; a task cancelled with scancel checkpoints, and re-running the sweep resumes it.
using System.Diagnostics;
using DrlRobot.Trainer.Sweeps;
using static DrlRobot.Trainer.Tests.Sweeps.SweepRunTests;

namespace DrlRobot.Trainer.Tests.Sweeps;

[NonParallelizable]
[Category("Slurm")]
public class SlurmSweepTests
{
    private string _dir = "";

    [SetUp]
    public void RequireCluster()
    {
        (int code, string output) = Tool("sinfo", "-h", "-o", "%T");
        bool up = code == 0 && output.Split('\n').Any(s => s.StartsWith("idle", StringComparison.Ordinal) || s.StartsWith("mixed", StringComparison.Ordinal) || s.StartsWith("alloc", StringComparison.Ordinal));
        if (!up)
        {
            string why = $"no Slurm cluster answers here (sinfo: {output.Trim()}); `sudo build/slurm/cluster.sh start` makes one";
            if (Environment.GetEnvironmentVariable("DRLROBOT_REQUIRE_SLURM") == "1")
            {
                Assert.Fail(why);
            }
            Assert.Ignore(why);
        }
        // Under /tmp, which every task of a one-node cluster sees; the test bin holds the drl-train they run.
        _dir = Directory.CreateTempSubdirectory("drl-slurm-").FullName;
    }

    [TearDown]
    public void DeleteDirectory()
    {
        if (_dir.Length > 0)
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static (int Code, string Output) Tool(string name, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    private string Spec(string json)
    {
        string path = Path.Combine(_dir, "spec.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void SlurmSweep_RunsAJobArray_WithTheSameResultsAsTheLocalBackend()
    {
        string spec = Spec("""
            { "name": "drl-ci", "env": "lander", "algo": "ppo", "steps": 16384, "seeds": [1, 2, 3],
              "config": { "eval_episodes": 10 }, "grid": { "ppo.learning_rate": [0.0003, 0.001] },
              "slurm": { "mem": "1G", "time": "00:10:00", "max_parallel": 1 } }
            """);
        string slurm = Path.Combine(_dir, "slurm"), local = Path.Combine(_dir, "local");
        (int code, string output) = Run(TimeSpan.FromMinutes(10), "sweep", spec, "--out", slurm, "--backend", "slurm", "--submit", "--wait");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Match("submitted job [0-9]+").And.Contain("all 6 trials finished"));
        var folder = new SweepFolder(slurm);
        SweepPlanFile plan = folder.Load();
        Assert.That(plan.SlurmJobs, Has.Count.EqualTo(1));
        Assert.That(File.ReadAllText(folder.SbatchPath), Does.Contain("#SBATCH --array=0-5%1\n"), "one task at a time, so the test does not crowd the machine");
        // Each trial ran as its own array task, and said so.
        foreach (SweepTrial trial in plan.Trials)
        {
            Assert.That(TrialTask.ReadStatus(folder, trial)!.SlurmJob, Is.EqualTo($"{plan.SlurmJobs[0]}_{trial.Index}"));
            Assert.That(File.Exists(Path.Combine(folder.LogsDir, $"slurm-{plan.SlurmJobs[0]}_{trial.Index}.out")), Is.True);
        }

        (int localCode, string localOutput) = Run(TimeSpan.FromMinutes(10), "sweep", spec, "--out", local, "--workers", "1");
        Assert.That(localCode, Is.Zero, localOutput);
        foreach (SweepTrial trial in plan.Trials)
        {
            Assert.That(File.ReadAllBytes(Progress(local, trial.Name)), Is.EqualTo(File.ReadAllBytes(Progress(slurm, trial.Name))),
                        $"{trial.Name}: the same training, bit for bit, wherever it ran");
        }
        (int reportCode, string report) = Run(TimeSpan.FromMinutes(2), "report", slurm);
        Assert.That(reportCode, Is.Zero, report);
        Assert.That(report, Does.Contain("IQM [95 % CI]").And.Contain("3/3"));
        // The same figures from both, wall times aside.
        static string Figures(string folder)
        {
            (int code, string json) = Run(TimeSpan.FromMinutes(2), "report", folder, "--json");
            Assert.That(code, Is.Zero, json);
            return string.Join("\n", System.Text.Json.Nodes.JsonNode.Parse(json)!["configurations"]!.AsArray().Select(c =>
                $"{c!["id"]} {c["iqm"]!.ToJsonString()} {c["median"]} {c["success_rate"]!.ToJsonString()} " +
                string.Join(",", c["results"]!.AsArray().Select(r => $"{r!["seed"]}:{r["mean_return"]}:{r["success_rate"]}"))));
        }
        Assert.That(Figures(local), Is.EqualTo(Figures(slurm)), "the same scores, medians, IQMs and intervals");
    }

    [Test]
    public void ScancelledTask_CheckpointsAndTheRerunResumesIt()
    {
        string spec = Spec("""{ "name": "drl-ci-cancel", "env": "lander", "steps": 163840, "seeds": [4], "config": { "eval_episodes": 5 }, "slurm": { "mem": "1G", "max_parallel": 1 } }""");
        string sweep = Path.Combine(_dir, "cancel");
        (int code, string output) = Run(TimeSpan.FromMinutes(2), "sweep", spec, "--out", sweep, "--backend", "slurm", "--submit");
        Assert.That(code, Is.Zero, output);
        var folder = new SweepFolder(sweep);
        string job = folder.Load().SlurmJobs.Single();
        SweepTrial trial = folder.Load().Trials[0];
        var waited = Stopwatch.StartNew();
        while (LoggedRows(Progress(sweep, trial.Name)) < 1 && waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            Thread.Sleep(100);
        }
        Assert.That(LoggedRows(Progress(sweep, trial.Name)), Is.GreaterThanOrEqualTo(1), "the task began training");
        Assert.That(Tool("squeue", "-h", "-j", job).Output, Does.Contain(job), "squeue shows the task");
        Assert.That(Tool("scancel", $"{job}_0").Code, Is.Zero);
        waited.Restart();
        while (Tool("squeue", "-h", "-o", "%F").Output.Split('\n').Contains(job) && waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            Thread.Sleep(200);
        }
        Assert.That(TrialTask.ReadStatus(folder, trial)!.State, Is.EqualTo("interrupted"), File.ReadAllText(Path.Combine(folder.LogsDir, $"slurm-{job}_0.out")));
        Assert.That(folder.StateOf(trial), Is.EqualTo(TrialState.Resumable), "scancel's SIGTERM left a checkpoint");

        (int again, string rerun) = Run(TimeSpan.FromMinutes(10), "sweep", spec, "--out", sweep, "--backend", "slurm", "--submit", "--wait");
        Assert.That(again, Is.Zero, rerun);
        Assert.That(rerun, Does.Contain("1 to resume").And.Contain("all 1 trials finished"));
        string second = folder.Load().SlurmJobs[1];
        Assert.That(File.ReadAllText(Path.Combine(folder.LogsDir, $"slurm-{second}_0.out")), Does.Contain("resumed from step-"));
        Assert.That(folder.StateOf(trial), Is.EqualTo(TrialState.Finished));
    }
}
