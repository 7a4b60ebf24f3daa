// The card's command trains the same configuration again: options that differ from the shipped defaults appear on
// the command line, and any other change sends the reader to the run's resolved config.json.
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;

namespace DrlRobot.Trainer.Tests.Runs;

public class ReproduceCommandTests
{
    private static TrainConfig Resolve(string? file, ConfigOverrides overrides) => ConfigLoader.Resolve(file, overrides);

    [Test]
    public void ShippedDefaults_PlainCommand()
    {
        TrainConfig config = Resolve(null, new ConfigOverrides { Env = "lander", Algo = Algorithm.Sac, Seed = 3 });
        Assert.That(RunArtefacts.ReproduceCommand(config),
            Is.EqualTo($"dotnet run -c Release --project trainer -- train --env lander --algo sac --steps {config.Steps} --seed 3"));
    }

    [Test]
    public void OtherEnvCount_AppearsAsAnOption_WithoutAConfigFile()
    {
        TrainConfig config = Resolve(null, new ConfigOverrides { Env = "pendulum", Algo = Algorithm.Ppo, NumEnvs = 3, Steps = 5000 });
        string command = RunArtefacts.ReproduceCommand(config);
        Assert.Multiple(() =>
        {
            Assert.That(command, Does.EndWith("--steps 5000 --seed 1 --envs 3"));
            Assert.That(command, Does.Not.Contain("--config"));
        });
    }

    [Test]
    public void ChangedHyperparameter_PointsAtTheResolvedConfig_WhichReproducesIt()
    {
        string dir = Path.Combine(Path.GetTempPath(), "drl-reproduce-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string custom = Path.Combine(dir, "custom.json");
            File.WriteAllText(custom, """{ "td3": { "gamma": 0.97, "batch_size": 64 } }""");
            TrainConfig config = Resolve(custom, new ConfigOverrides { Env = "lander", Algo = Algorithm.Td3, Seed = 2 });
            string command = RunArtefacts.ReproduceCommand(config);
            Assert.That(command, Does.EndWith("--seed 2 --config config.json"));

            // What the card points at: the run's config.json, read back through --config with the command's options.
            string resolved = Path.Combine(dir, "config.json");
            File.WriteAllText(resolved, ConfigLoader.ToJson(config));
            TrainConfig again = Resolve(resolved, new ConfigOverrides { Env = "lander", Algo = Algorithm.Td3, Steps = config.Steps, Seed = 2 });
            Assert.That(ConfigLoader.Hash(again), Is.EqualTo(ConfigLoader.Hash(config)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
