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
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "format", "contract", "training", "files" }));
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
    public void Inspect_OfAGraphThatIsNotItsContract_IsRefusedAsSimWouldRefuseIt()
    {
        // Valid metadata, but the contract asks for 9 observations where the graph takes 8: only loading the graph shows it.
        string directory = Directory.CreateTempSubdirectory("drl-inspect-").FullName;
        try
        {
            string path = Path.Combine(directory, "narrow.onnx");
            File.WriteAllBytes(path, TestModels.TinyLanderWithContract(c => c with { Observations = [.. c.Observations, c.Observations[0] with { Name = "extra" }] }));
            (int inspectCode, _, string inspectError) = ConsoleCapture.Run(RuntimeCli.Run, "inspect", path);
            (int simCode, _, string simError) = ConsoleCapture.Run(RuntimeCli.Run, "sim", path, "--episodes", "1");
            Assert.Multiple(() =>
            {
                Assert.That(inspectCode, Is.EqualTo(2));
                Assert.That(inspectError, Does.Contain("the contract needs [batch, 9]"));
                Assert.That(simCode, Is.EqualTo(2));
                Assert.That(simError.Trim(), Is.EqualTo(inspectError.Trim()));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void ModelWithoutATrainingRecord_IsInspectedAndFlown()
    {
        // A policy trained elsewhere carries a contract but need not carry our training record.
        string directory = Directory.CreateTempSubdirectory("drl-inspect-").FullName;
        try
        {
            string path = Path.Combine(directory, "untrained-record.onnx");
            File.WriteAllBytes(path, TestModels.WithoutMetadata(File.ReadAllBytes(TestModels.TinyLander), "drlrobot.training"));
            (int inspectCode, string inspectOut, string inspectError) = ConsoleCapture.Run(RuntimeCli.Run, "inspect", path);
            (int simCode, _, string simError) = ConsoleCapture.Run(RuntimeCli.Run, "sim", path, "--episodes", "1");
            Assert.Multiple(() =>
            {
                Assert.That(inspectCode, Is.Zero, inspectError);
                Assert.That(inspectOut, Does.Contain("training     none recorded"));
                Assert.That(simCode, Is.Zero.Or.EqualTo(4), simError);
                Assert.That(simError, Does.Not.Contain("drlrobot.training"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void ModelForAnotherVersionOfItsSimulator_IsRefusedBySim_Exit2()
    {
        string directory = Directory.CreateTempSubdirectory("drl-inspect-").FullName;
        try
        {
            string path = Path.Combine(directory, "v2.onnx");
            File.WriteAllBytes(path, TestModels.TinyLanderWithContract(c => c with { EnvVersion = 2 }));
            (int code, _, string error) = ConsoleCapture.Run(RuntimeCli.Run, "sim", path, "--episodes", "1");
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(2));
                Assert.That(error, Does.Contain("env_version (lander): model has 2"));
            });
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
