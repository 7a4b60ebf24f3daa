// Every malformed training config is one line naming the file and the key: nulls, wrong types, numbers that do not
// fit, non-finite numbers, duplicated keys and sizes beyond the documented limits, before anything is created.
using DrlRobot.Trainer.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Tests.Shared;

namespace DrlRobot.Trainer.Tests.Config;

public class ConfigErrorTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-config-errors-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, json);
        return path;
    }

    [TestCase("""{"ppo": null}""", "ppo: must not be null: expected an object")]
    [TestCase("""{"ppo": {"hidden": null}}""", "ppo.hidden: must not be null")]
    [TestCase("""{"ppo": 3}""", "ppo: expected an object")]
    [TestCase("""{"algo": 1}""", "algo: expected one of \"ppo\", \"sac\", \"td3\", \"dqn\"")]
    [TestCase("""{"env": 5}""", "env: expected a string")]
    [TestCase("""{"ppo": {"rollout_steps": 2e9}}""", "ppo.rollout_steps: expected a whole number up to 2147483647")]
    [TestCase("""{"algo": "sac", "sac": {"buffer_size": 2e9}}""", "sac.buffer_size: expected a whole number up to 2147483647")]
    [TestCase("""{"seed": -1}""", "seed: expected a whole number from 0 to 18446744073709551615")]
    [TestCase("""{"num_envs": "16"}""", "num_envs: expected a whole number")]
    [TestCase("""{"ppo": {"hidden": [64, null]}}""", "ppo.hidden[1]: expected a whole number")]
    [TestCase("""{"ppo": {"learning_rate": 1e999}}""", "ppo.learning_rate must be a finite number")]
    [TestCase("""{"seed": 1, "seed": 2}""", "seed: duplicate key (line 1)")]
    [TestCase("""{"ppo": {"gamma": 0.99, "gamma": 0.9}}""", "ppo.gamma: duplicate key")]
    [TestCase("""{"torch_threads": 100000}""", "torch_threads must be from 0 to 256, got 100000")]
    [TestCase("""{"sim_threads": 1000}""", "sim_threads must be from 1 to 256")]
    [TestCase("""{"num_envs": 1000000}""", "num_envs must be from 1 to 65536")]
    [TestCase("""{"ppo": {"hidden": [2000000000, 2000000000]}}""", "ppo.hidden must list 1 to 16 layer widths, each from 1 to 8192")]
    [TestCase("""{"ppo": {"hidden": [64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64]}}""", "ppo.hidden must list 1 to 16 layer widths")]
    [TestCase("""{"algo": "sac", "sac": {"buffer_size": 100000000}}""", "sac.buffer_size must be from 1 to 50000000")]
    [TestCase("""{"ppo": {"rollout_steps": 100000}, "num_envs": 1000}""", "ppo.rollout_steps × num_envs must be at most 16777216")]
    [TestCase("{\n  \"ppo\": {\n    \"epochs\": 4.5\n  }\n}", "ppo.epochs: expected a whole number up to 2147483647 (line 3)")]
    [TestCase("""{"ppo": {"hidden": [64, 64]""", "malformed JSON")]
    public void BadConfig_IsOneLineNamingTheFileAndTheKey(string json, string expected)
    {
        string path = Write(json);
        var error = Assert.Catch<Exception>(() => ConfigLoader.Resolve(path, new ConfigOverrides()))!;
        Assert.Multiple(() =>
        {
            Assert.That(error, Is.InstanceOf<FormatException>().Or.InstanceOf<ArgumentException>(), error.ToString());
            Assert.That(error.Message, Does.StartWith(path + ": ").And.Contain(expected).And.Not.Contain("\n"));
        });
    }

    [Test]
    public void OversizedFile_IsRefusedBeforeItIsParsed()
    {
        string path = Path.Combine(_dir, "huge.json");
        File.WriteAllText(path, "{\"ppo\": {\"hidden\": [" + string.Join(',', Enumerable.Repeat("64", 600_000)) + "]}}");
        Assert.That(() => ConfigLoader.Resolve(path, new ConfigOverrides()),
                    Throws.InstanceOf<FormatException>().With.Message.Contains("too large for a configuration"));
    }

    [Test]
    public void ConfigThatIsAFolder_IsNamed() =>
        Assert.That(() => ConfigLoader.Resolve(_dir, new ConfigOverrides()), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("is a folder"));

    [Test]
    public void NullWhereTheRecordAllowsIt_StillMeansTheDefault() =>
        Assert.That(ConfigLoader.Resolve(Write("""{"train_max_episode_steps": null}"""), new ConfigOverrides()).TrainMaxEpisodeSteps, Is.Null);

    [TestCase("""{"ppo": null}""")]
    [TestCase("""{"ppo": {"learning_rate": 1e999}}""")]
    [TestCase("""{"torch_threads": 100000}""")]
    public void Train_WithABadConfig_Exits2_AndCreatesNoRunFolder(string json)
    {
        string config = Write(json);
        string runDir = Path.Combine(_dir, "run");
        var (code, _, error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--env", "lander", "--steps", "2048", "--config", config, "--out", runDir);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), error);
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.Contain("bad.json").And.Not.Contain("Exception"));
            Assert.That(Directory.Exists(runDir), Is.False, "nothing is created for a run that cannot start");
        });
    }
}
