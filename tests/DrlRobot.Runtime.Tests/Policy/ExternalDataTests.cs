// A policy whose weights live in an external-data file beside it (what onnx.save_as_external_data and PyTorch write
// for large models) loads from its own folder wherever drl-run is started, computes what the single-file policy does,
// is refused in one line when the data file did not travel with it, and inspect hashes both files.
using System.Security.Cryptography;
using System.Text.Json;
using DrlRobot.Runtime.Cli;
using DrlRobot.Runtime.Policy;

namespace DrlRobot.Runtime.Tests.Policy;

public class ExternalDataTests
{
    [Test]
    public void ExternalDataPolicy_ComputesTheSameActionsAsTheSingleFileOne()
    {
        Assert.That(Environment.CurrentDirectory, Is.Not.EqualTo(Path.GetDirectoryName(TestModels.TinyLanderExternal)), "run from another folder");
        using var policy = new OnnxPolicy(TestModels.TinyLanderExternal);
        var action = new float[policy.ActionCount];
        Assert.That(policy.ExternalDataPaths.Select(Path.GetFileName), Is.EqualTo(new[] { "tiny-lander-external.onnx.data" }));
        foreach ((float[] observation, float[] expected) in TestModels.ExpectedCases())
        {
            policy.Act(observation, action);
            Assert.That(action, Is.EqualTo(expected).Within(1e-5));
        }
    }

    [Test]
    public void ExternalDataPolicy_WithoutItsDataFile_IsOneLineNamingIt()
    {
        string folder = Directory.CreateTempSubdirectory("drl-external-").FullName;
        try
        {
            string lonely = Path.Combine(folder, "tiny-lander-external.onnx");
            File.Copy(TestModels.TinyLanderExternal, lonely);
            (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", lonely, "--episodes", "1");
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(2), stdout + stderr);
                Assert.That(stderr, Does.Contain("external-data file tiny-lander-external.onnx.data").And.Contain("copy it beside the model"));
                Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void SimAndInspect_OfAnExternalDataPolicy_FlyItAndHashBothFiles()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLanderExternal, "--episodes", "2", "--json");
        (int single, string singleOut, _) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLander, "--episodes", "2", "--json");
        Assert.That(code, Is.EqualTo(single), stderr);
        using (JsonDocument external = JsonDocument.Parse(stdout), reference = JsonDocument.Parse(singleOut))
        {
            Assert.That(external.RootElement.GetProperty("mean_return").GetDouble(), Is.EqualTo(reference.RootElement.GetProperty("mean_return").GetDouble()));
        }

        (int inspectCode, string json, string inspectError) = ConsoleCapture.Run(RuntimeCli.Run, "inspect", TestModels.TinyLanderExternal, "--json");
        Assert.That(inspectCode, Is.Zero, inspectError);
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement[] files = [.. doc.RootElement.GetProperty("files").EnumerateArray()];
        Assert.That(files, Has.Length.EqualTo(2));
        foreach (JsonElement file in files)
        {
            string path = file.GetProperty("path").GetString()!;
            Assert.That(file.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))), path);
        }
        Assert.That(files[1].GetProperty("path").GetString(), Does.EndWith("tiny-lander-external.onnx.data"));
    }
}
