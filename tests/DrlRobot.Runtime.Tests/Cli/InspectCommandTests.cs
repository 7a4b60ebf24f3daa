// drl-run inspect: the contract as a table and the training record; --json prints one object (format, contract,
// training); every bad file is exit 2 with one line on stderr and nothing on stdout.
using System.Text.Json;
using DrlRobot.Runtime.Cli;
using DrlRobot.Runtime.Tests.Policy;

namespace DrlRobot.Runtime.Tests.Cli;

public class InspectCommandTests
{
    [Test]
    public void Inspect_PrintsTheContractAndTheTrainingRecord()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "inspect", TestModels.TinyLander);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(stderr, Is.Empty);
            Assert.That(stdout, Does.Contain("environment  lander v1"));
            Assert.That(stdout, Does.Contain("control      50 Hz (20 ms period)"));
            Assert.That(stdout, Does.Contain("actions      continuous"));
            Assert.That(stdout, Does.Match(@"\n  4\s+angle\s+rad\s+-3\.14159\s+3\.14159\n"));
            Assert.That(stdout, Does.Match(@"\n  0\s+main\s+thruster\s+1\s+-1\s+1\s+0\n"));
            Assert.That(stdout, Does.Contain("neutral"));
            Assert.That(stdout, Does.Match(@"\n  seed\s+2026\n"));
            Assert.That(stdout, Does.Match(@"\n  algorithm\s+none\n"));
            Assert.That(stdout, Does.Match("sha256 [0-9a-f]{64}"));
        });
    }

    [Test]
    public void Inspect_OfADiscretePolicy_PrintsTheActionTable()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "inspect", TestModels.TinyLanderDiscrete);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(stdout, Does.Contain("actions      discrete"));
            Assert.That(stdout, Does.Contain("discrete actions (4)"));
            Assert.That(stdout, Does.Match(@"\n  #\s+main\s+lateral\n"));
            Assert.That(stdout, Does.Match(@"\n  1\s+0\s+-1\n"));
        });
    }

    [Test]
    public void InspectJson_PrintsTheMetadataAsOneJsonObject()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "inspect", TestModels.TinyLander, "--json");
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "format", "contract", "training" }));
            Assert.That(root.GetProperty("format").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("contract").GetProperty("env_id").GetString(), Is.EqualTo("lander"));
            Assert.That(root.GetProperty("contract").GetProperty("actuators")[1].GetProperty("name").GetString(), Is.EqualTo("lateral"));
            Assert.That(root.GetProperty("contract").GetProperty("observations").GetArrayLength(), Is.EqualTo(8));
            Assert.That(root.GetProperty("training").GetProperty("seed").GetInt32(), Is.EqualTo(2026));
        });
    }

    [TestCaseSource(typeof(BadModelFile), nameof(BadModelFile.All))]
    public void Inspect_OfABadFile_PrintsOneLineAndExits2(BadModelFile bad)
    {
        string directory = Directory.CreateTempSubdirectory("drl-inspect-").FullName;
        try
        {
            string path = bad.WriteTo(directory);

            foreach (string[] args in new[] { new[] { "inspect", path }, ["inspect", path, "--json"] })
            {
                (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, args);
                Assert.Multiple(() =>
                {
                    Assert.That(code, Is.EqualTo(2));
                    Assert.That(stdout, Is.Empty);
                    Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), stderr);
                    Assert.That(stderr, Does.StartWith($"drl-run: error: {path}: ").And.Contain(bad.Expected));
                });
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Inspect_WithoutAModel_IsAUsageErrorExit2()
    {
        (int code, string stdout, _) = ConsoleCapture.Run(RuntimeCli.Run, "inspect");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stdout, Is.Empty);
        });
    }
}
