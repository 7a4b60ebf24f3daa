// Sweep specs: what they expand to (grid products, random draws, explicit configurations), and every malformed spec
// refused with one line naming the file and the key, exit 2, before a folder is written or anything submitted.
using System.Text.Json.Nodes;
using DrlRobot.Trainer.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Sweeps;

namespace DrlRobot.Trainer.Tests.Sweeps;

public class SweepSpecTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-sweep-spec-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string SpecFile(string json)
    {
        string path = Path.Combine(_dir, "spec.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void Grid_ExpandsToEveryCombination_InOrder_EachResolvingToItsValues()
    {
        SweepSpec spec = SweepSpecs.Parse("""
            { "env": "pendulum", "algo": "ppo", "steps": 4096, "seeds": [1, 2],
              "grid": { "ppo.learning_rate": [0.0003, 0.001], "ppo.epochs": [4, 8, 10] } }
            """, "spec.json");
        IReadOnlyList<SweepConfiguration> configurations = SweepSpecs.Expand(spec, "spec.json");
        Assert.That(configurations.Select(c => c.Id), Is.EqualTo(new[] { "c0", "c1", "c2", "c3", "c4", "c5" }));
        Assert.That(configurations[4].Label, Is.EqualTo("ppo.learning_rate=0.001, ppo.epochs=8"));
        TrainConfig resolved = ConfigLoader.Resolve(configurations[4].Config, "c4", new ConfigOverrides { Seed = 2 });
        Assert.Multiple(() =>
        {
            Assert.That(resolved.Ppo.LearningRate, Is.EqualTo(0.001));
            Assert.That(resolved.Ppo.Epochs, Is.EqualTo(8));
            Assert.That(resolved.Env, Is.EqualTo("pendulum"));
            Assert.That(resolved.Steps, Is.EqualTo(4096));
            Assert.That(resolved.Seed, Is.EqualTo(2UL));
        });
    }

    [Test]
    public void RandomSearch_DrawsTheSameConfigurationsForTheSameSeed_WithinTheirRanges()
    {
        const string json = """
            { "env": "lander", "seeds": [1],
              "random": { "samples": 20, "seed": 7, "params": {
                "ppo.learning_rate": { "log_uniform": [0.0001, 0.001] },
                "ppo.epochs": { "int_uniform": [2, 5] },
                "ppo.clip_coef": { "uniform": [0.1, 0.3] },
                "ppo.hidden": { "choice": [[64, 64], [128, 128]] } } } }
            """;
        IReadOnlyList<SweepConfiguration> first = SweepSpecs.Expand(SweepSpecs.Parse(json, "a"), "a");
        IReadOnlyList<SweepConfiguration> second = SweepSpecs.Expand(SweepSpecs.Parse(json, "b"), "b");
        IReadOnlyList<SweepConfiguration> otherSeed = SweepSpecs.Expand(SweepSpecs.Parse(json.Replace("\"seed\": 7", "\"seed\": 8"), "c"), "c");
        Assert.That(first.Select(c => c.Label), Is.EqualTo(second.Select(c => c.Label)));
        Assert.That(first.Select(c => c.Label), Is.Not.EqualTo(otherSeed.Select(c => c.Label)));
        double[] rates = [.. first.Select(c => c.Params["ppo.learning_rate"]!.GetValue<double>())];
        long[] epochs = [.. first.Select(c => c.Params["ppo.epochs"]!.GetValue<long>())];
        Assert.Multiple(() =>
        {
            Assert.That(rates, Is.All.InRange(0.0001, 0.001));
            Assert.That(first.Select(c => c.Params["ppo.clip_coef"]!.GetValue<double>()), Is.All.InRange(0.1, 0.3));
            Assert.That(epochs, Is.All.InRange(2, 5));
            Assert.That(epochs.Distinct().Count(), Is.EqualTo(4), "every whole number of the range is drawn in 20 samples, both ends included");
            Assert.That(rates.Count(r => r < 0.000316), Is.InRange(3, 17), "log-uniform: about half below the geometric middle");
            Assert.That(first.Select(c => c.Params["ppo.hidden"]!.ToJsonString()).Distinct().Count(), Is.EqualTo(2));
        });
    }

    [Test]
    public void Configurations_AreCrossedWithTheGrid()
    {
        SweepSpec spec = SweepSpecs.Parse("""
            { "seeds": [3], "steps": 2048,
              "configurations": [ { "env": "pendulum", "algo": "ppo" }, { "env": "rover", "algo": "ppo" } ],
              "grid": { "ppo.ent_coef": [0.0, 0.01] } }
            """, "spec.json");
        IReadOnlyList<SweepConfiguration> configurations = SweepSpecs.Expand(spec, "spec.json");
        Assert.That(configurations.Select(c => c.Label), Is.EqualTo(new[]
        {
            "env=\"pendulum\", algo=\"ppo\", ppo.ent_coef=0.0", "env=\"pendulum\", algo=\"ppo\", ppo.ent_coef=0.01",
            "env=\"rover\", algo=\"ppo\", ppo.ent_coef=0.0", "env=\"rover\", algo=\"ppo\", ppo.ent_coef=0.01",
        }));
    }

    [TestCase("""{ "env": "lander", "seeds": [1], "grid": { "ppo.learnig_rate": [0.001] } }""", "grid: unknown config path 'ppo.learnig_rate'")]
    [TestCase("""{ "env": "lander", "seeds": [1], "grid": {} }""", "grid is empty")]
    [TestCase("""{ "env": "lander", "seeds": [1], "grid": { "ppo.epochs": [] } }""", "grid.ppo.epochs has no values")]
    [TestCase("""{ "env": "lander", "seeds": [], "grid": { "ppo.epochs": [4] } }""", "seeds: give at least one seed")]
    [TestCase("""{ "env": "lander", "grid": { "ppo.epochs": [4] } }""", "seeds: give at least one seed")]
    [TestCase("""{ "env": "lander", "seeds": [1, 1] }""", "a seed is listed twice (1)")]
    [TestCase("""{ "env": "lander", "seeds": [1], "grid": { "seed": [1, 2] } }""", "seed is not searched over")]
    [TestCase("""{ "env": "lander", "seeds": [1], "sede": 3 }""", "unknown key 'sede'")]
    [TestCase("""{ "env": "lander", "seeds": [1], "grid": { "ppo.epochs": [4] }, "random": { "samples": 2, "params": { "ppo.clip_coef": { "uniform": [0.1, 0.2] } } } }""", "grid and random")]
    [TestCase("""{ "env": "lander", "seeds": [1], "random": { "samples": 2, "params": { "ppo.clip_coef": { "uniform": [0.3, 0.2] } } } }""", "random.params.ppo.clip_coef.uniform must be [low, high]")]
    [TestCase("""{ "env": "lander", "seeds": [1], "random": { "samples": 2, "params": { "ppo.clip_coef": { "uniform": [0.1, 0.2], "choice": [0.1] } } } }""", "exactly one of")]
    [TestCase("""{ "env": "lander", "seeds": [1], "grid": { "ppo.learning_rate": [-1] } }""", "(configuration c0: ppo.learning_rate=-1)")]
    [TestCase("""{ "env": "submarine", "seeds": [1] }""", "unknown env 'submarine'")]
    [TestCase("""{ "env": "lander-discrete", "algo": "sac", "seeds": [1] }""", "(configuration c0: defaults)")]
    [TestCase("""{ "env": "lander", "seeds": [1], "grid": { "ppo.epochs": ["four"] } }""", "ppo.epochs")]
    [TestCase("""{ "env": "lander", "seeds": [1], "slurm": { "mem": "4G; rm -rf /" } }""", "slurm.mem")]
    [TestCase("""{ "env": "lander", "seeds": [1], "slurm": { "sbatch_args": ["account=x"] } }""", "slurm.sbatch_args")]
    [TestCase("""{ "env": "lander", "seeds": [1], "steps": 1 """, "malformed JSON")]
    public void MalformedSpec_IsOneLineAndExit2_AndNothingIsWritten(string json, string expected)
    {
        string spec = SpecFile(json);
        string output = Path.Combine(_dir, "out");
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "sweep", spec, "--out", output, "--backend", "slurm", "--submit");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), stderr + stdout);
            Assert.That(stderr, Does.Contain(expected));
            Assert.That(stderr, Does.Contain("spec.json"), "the file is named");
            Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1), "one line");
            Assert.That(Directory.Exists(output), Is.False, "nothing written, nothing submitted");
        });
    }

    [Test]
    public void MissingSpec_IsNamed()
    {
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "sweep", Path.Combine(_dir, "nope.json"), "--out", Path.Combine(_dir, "out"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("sweep spec not found").And.Contain("nope.json"));
    }

    [Test]
    public void Rerun_WithAChangedSpec_IsRefusedNamingWhatChanged_ButMoreSeedsAreMoreTrials()
    {
        string output = Path.Combine(_dir, "out");
        var folder = new SweepFolder(output);
        folder.Prepare(SweepSpecs.Parse("""{ "env": "pendulum", "seeds": [1], "grid": { "ppo.epochs": [4, 8] } }""", "a"), "a");
        SweepPlanFile more = folder.Prepare(SweepSpecs.Parse("""{ "env": "pendulum", "seeds": [1, 2], "grid": { "ppo.epochs": [4, 8] } }""", "b"), "b");
        Assert.That(more.Trials.Select(t => t.Name), Is.EqualTo(new[] { "c0-s1", "c0-s2", "c1-s1", "c1-s2" }));
        var changed = Assert.Throws<ArgumentException>(() =>
            folder.Prepare(SweepSpecs.Parse("""{ "env": "pendulum", "seeds": [1], "grid": { "ppo.epochs": [4, 10] } }""", "c"), "c"));
        Assert.That(changed!.Message, Does.Contain("another spec (grid differs)"));
    }

    [Test]
    public void SlurmScript_HasOneArrayTaskPerPendingTrial_TheSpecsResources_AndQuotedPaths()
    {
        SweepSpec spec = SweepSpecs.Parse("""
            { "name": "lr", "env": "pendulum", "seeds": [1, 2, 3], "grid": { "ppo.epochs": [4, 8] },
              "slurm": { "cpus_per_task": 2, "mem": "3G", "time": "00:20:00", "partition": "gpu", "max_parallel": 4, "sbatch_args": ["--qos=low"] } }
            """, "spec.json");
        var folder = new SweepFolder(Path.Combine(_dir, "it's here"));
        SweepPlanFile plan = folder.Prepare(spec, "spec.json");
        string script = SlurmBackend.Script(folder, spec, [.. plan.Trials.Where(t => t.Index is 0 or 1 or 2 or 4)], ["/opt/drl/drl-train"]);
        Assert.Multiple(() =>
        {
            Assert.That(script, Does.StartWith("#!/bin/bash\n"));
            Assert.That(script, Does.Contain("#SBATCH --array=0-2,4%4\n"));
            Assert.That(script, Does.Contain("#SBATCH --cpus-per-task=2\n").And.Contain("#SBATCH --mem=3G\n").And.Contain("#SBATCH --time=00:20:00\n"));
            Assert.That(script, Does.Contain("#SBATCH --partition=gpu\n").And.Contain("#SBATCH --qos=low\n").And.Contain("#SBATCH --job-name=lr\n"));
            Assert.That(script, Does.Contain($"#SBATCH --output={folder.LogsDir}/slurm-%A_%a.out"));
            Assert.That(script, Does.Contain("exec '/opt/drl/drl-train' sweep-task '" + folder.Root.Replace("'", "'\\''") + "' --task \"$SLURM_ARRAY_TASK_ID\""));
        });
    }

    [TestCase(new[] { 0, 1, 2, 5, 7, 8 }, "0-2,5,7-8")]
    [TestCase(new[] { 3 }, "3")]
    [TestCase(new[] { 4, 2, 3, 3 }, "2-4")]
    public void ArrayRanges_CompressRuns(int[] indices, string expected) =>
        Assert.That(SlurmBackend.ArrayRanges(indices), Is.EqualTo(expected));

    [Test]
    public void Plan_RoundTrips_AndKeepsTheSpec()
    {
        var folder = new SweepFolder(Path.Combine(_dir, "out"));
        SweepPlanFile written = folder.Prepare(SweepSpecs.Parse("""{ "env": "pendulum", "seeds": [5, 6], "grid": { "ppo.epochs": [4, 8] } }""", "a"), "a");
        SweepPlanFile read = folder.Load();
        Assert.That(read.Trials, Is.EqualTo(written.Trials));
        Assert.That(JsonNode.DeepEquals(read.Spec, written.Spec), Is.True);
        Assert.That(File.Exists(folder.ConfigPath("c1")), Is.True);
        Assert.That(ConfigLoader.Resolve(folder.ConfigPath("c1"), new ConfigOverrides()).Ppo.Epochs, Is.EqualTo(8), "the trial's --config file");
    }

    [Test]
    public void ShippedSpecs_ReadAndExpand()
    {
        string[] specs = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "sweeps"), "*.json");
        Assert.That(specs, Is.Not.Empty);
        foreach (string path in specs)
        {
            SweepSpec spec = SweepSpecs.Read(path);
            Assert.That(spec.Name, Is.EqualTo(Path.GetFileNameWithoutExtension(path)), path);
            Assert.That(SweepSpecs.Expand(spec, path), Is.Not.Empty, path);
        }
        Assert.That(SweepSpecs.Expand(SweepSpecs.Read(Path.Combine(TestPaths.RepoRoot, "sweeps", "lander-lr.json")), "lander-lr").Count, Is.EqualTo(6));
    }
}
