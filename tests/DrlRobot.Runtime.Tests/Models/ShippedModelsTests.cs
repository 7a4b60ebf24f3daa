// Every policy shipped in models/ loads, carries the contract of the environment it names, matches its card, and
// flies a short dry run through the full loop and supervisor on seeds its training never saw.
using System.Security.Cryptography;
using System.Text.Json;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Policy;
using DrlRobot.Sim;

namespace DrlRobot.Runtime.Tests.Models;

public class ShippedModelsTests
{
    private static readonly (string Name, double MinimumMeanReturn)[] Expected =
    [
        ("lander", 200), ("lander3", 200), ("lander-discrete", 200), ("rover", 0), ("pendulum", -300),
    ];

    public static IEnumerable<string> ModelNames() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "models"), "*.onnx").Select(Path.GetFileNameWithoutExtension).Order()!;

    [Test]
    public void TheExpectedModelsAreShipped()
    {
        Assert.That(ModelNames(), Is.SupersetOf(Expected.Select(e => e.Name)));
    }

    [TestCaseSource(nameof(ModelNames))]
    public void Model_MatchesItsEnvironmentAndItsCard(string name)
    {
        string path = Path.Combine(TestPaths.RepoRoot, "models", name + ".onnx");
        PolicyMetadata metadata = PolicyFile.ReadMetadata(path);
        using JsonDocument card = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "models", name + ".card.json")));
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Multiple(() =>
        {
            Assert.That(metadata.Contract.EnvId, Is.EqualTo(name));
            Assert.That(Sim.Contracts.RobotContract.FirstMismatch(metadata.Contract, EnvRegistry.GetContract(name)), Is.Null);
            Assert.That(card.RootElement.GetProperty("policy_sha256").GetString(), Is.EqualTo(sha));
            Assert.That(card.RootElement.GetProperty("command").GetString(), Does.Contain($"--env {name}"));
            Assert.That(File.Exists(Path.Combine(TestPaths.RepoRoot, "models", name + ".curve.png")), Is.True);
        });
    }

    [TestCaseSource(nameof(ModelNames))]
    public void Model_FliesAShortDryRunOnUnseenSeeds(string name)
    {
        using var policy = new OnnxPolicy(Path.Combine(TestPaths.RepoRoot, "models", name + ".onnx"));
        DryRunResult result = DryRun.Run(policy, new DryRunConfig { Episodes = 5, Seed = 0xD15C0 });
        double minimum = Expected.FirstOrDefault(e => e.Name == name).MinimumMeanReturn;
        Assert.Multiple(() =>
        {
            Assert.That(result.Episodes, Has.Count.EqualTo(5));
            Assert.That(result.MeanReturn, Is.GreaterThanOrEqualTo(minimum));
            if (name == "rover")
            {
                Assert.That(result.SuccessRate, Is.EqualTo(1.0), "the rover stops on its goal");
            }
        });
    }
}
