// The runtime tests ship tests/DrlRobot.Runtime.Tests/Models/tiny-lander.onnx and its expected actions. These tests
// keep the committed files equal to what the exporter writes today; the explicit one rewrites them.
using Microsoft.ML.OnnxRuntime;

namespace DrlRobot.Trainer.Tests.Export;

public class TinyLanderModelTests
{
    private const string Regenerate =
        "run `dotnet test tests/DrlRobot.Trainer.Tests --filter Name=WriteTinyLanderModel` to rewrite the runtime tests' model";

    [Test]
    public void CommittedTinyLanderModel_IsWhatTheExporterWritesToday()
    {
        // Serialisation is deterministic, so equal models are equal bytes, and a mismatch prints only where they part.
        Assert.That(File.ReadAllBytes(TinyLanderModel.ModelPath), Is.EqualTo(TinyLanderModel.Build()), Regenerate);
    }

    [Test]
    public void CommittedStochasticTinyLanderModel_IsWhatTheExporterWritesToday()
    {
        Assert.That(File.ReadAllBytes(TinyLanderModel.StochasticModelPath), Is.EqualTo(TinyLanderModel.BuildStochastic()), Regenerate);
    }

    [Test]
    public void CommittedExpectedActions_AreTheReferenceActionsAndOnnxRuntimeAgrees()
    {
        (float[][] observations, float[][] actions) = TinyLanderModel.Cases();
        using var expected = System.Text.Json.JsonDocument.Parse(File.ReadAllText(TinyLanderModel.ExpectedPath));
        System.Text.Json.JsonElement[] cases = expected.RootElement.GetProperty("cases").EnumerateArray().ToArray();
        using InferenceSession session = OrtRunner.Open(File.ReadAllBytes(TinyLanderModel.ModelPath));

        Assert.That(cases, Has.Length.EqualTo(observations.Length), Regenerate);
        for (int k = 0; k < cases.Length; k++)
        {
            float[] obs = cases[k].GetProperty("obs").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            float[] action = cases[k].GetProperty("action").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(obs, Is.EqualTo(observations[k]), Regenerate);
                Assert.That(action, Is.EqualTo(actions[k]).Within(1e-6f), Regenerate);
                Assert.That(OrtRunner.Run(session, obs, 1), Is.EqualTo(action).Within(1e-5f));
            });
        }
    }

    [Test]
    [Explicit("Writes tests/DrlRobot.Runtime.Tests/Models/tiny-lander*.onnx and tiny-lander.expected.json; run by hand after changing the exporter")]
    public void WriteTinyLanderModel()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(TinyLanderModel.ModelPath)!);
        DrlRobot.Trainer.Export.OnnxPolicyExporter.Write(TinyLanderModel.ModelPath, TinyLanderModel.Graph(), TinyLanderModel.Contract,
                                                         TinyLanderModel.TrainingJson);
        DrlRobot.Trainer.Export.OnnxPolicyExporter.Write(TinyLanderModel.StochasticModelPath, TinyLanderModel.Graph(),
                                                         TinyLanderModel.Contract, TinyLanderModel.TrainingJson, stochastic: true);
        File.WriteAllText(TinyLanderModel.ExpectedPath, TinyLanderModel.ExpectedJson());

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(TinyLanderModel.ModelPath), Is.EqualTo(TinyLanderModel.Build()));
            Assert.That(File.ReadAllBytes(TinyLanderModel.StochasticModelPath), Is.EqualTo(TinyLanderModel.BuildStochastic()));
        });
    }
}
