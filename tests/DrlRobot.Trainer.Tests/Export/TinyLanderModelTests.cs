// The runtime tests ship tests/DrlRobot.Runtime.Tests/Models/tiny-lander*.onnx and their expected actions. These
// tests keep the committed files equal to what the exporter writes today; the explicit one rewrites them.
using System.Text.Json;
using DrlRobot.Trainer.Export;
using Microsoft.ML.OnnxRuntime;

namespace DrlRobot.Trainer.Tests.Export;

public class TinyLanderModelTests
{
    private const string Regenerate =
        "run `dotnet test tests/DrlRobot.Trainer.Tests --filter Name=WriteTinyLanderModels` to rewrite the runtime tests' models";

    private static IEnumerable<TestCaseData> Models() => TinyLanderModel.All.Select(m => new TestCaseData(m.FileName));

    [TestCaseSource(nameof(Models))]
    public void CommittedModel_IsWhatTheExporterWritesToday(string fileName)
    {
        TinyModel model = TinyLanderModel.All.Single(m => m.FileName == fileName);

        // Serialisation is deterministic, so equal models are equal bytes, and a mismatch prints only where they part.
        Assert.That(File.ReadAllBytes(model.ModelPath), Is.EqualTo(model.Build()), Regenerate);
    }

    [TestCaseSource(nameof(Models))]
    public void CommittedExpectedActions_AreTheReferenceActionsAndOnnxRuntimeAgrees(string fileName)
    {
        TinyModel model = TinyLanderModel.All.Single(m => m.FileName == fileName);
        (float[][] observations, float[][] actions) = TinyLanderModel.Cases(model);
        using var expected = JsonDocument.Parse(File.ReadAllText(model.ExpectedPath));
        JsonElement[] cases = expected.RootElement.GetProperty("cases").EnumerateArray().ToArray();
        using InferenceSession session = OrtRunner.Open(File.ReadAllBytes(model.ModelPath));
        int nAct = model.Contract.Actuators.Count;

        Assert.That(cases, Has.Length.EqualTo(observations.Length).And.Length.GreaterThan(50), Regenerate);
        for (int k = 0; k < cases.Length; k++)
        {
            float[] obs = cases[k].GetProperty("obs").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            float[] action = cases[k].GetProperty("action").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            float[]? noise = model.Stochastic ? new float[nAct] : null;
            Assert.Multiple(() =>
            {
                Assert.That(obs, Is.EqualTo(observations[k]), Regenerate);
                Assert.That(action, Is.EqualTo(actions[k]).Within(1e-6f), Regenerate);
                Assert.That(OrtRunner.Run(session, obs, 1, noise), Is.EqualTo(action).Within(1e-5f));
            });
        }
    }

    [Test]
    public void DiscreteCases_UseMoreThanOneRowOfTheTable()
    {
        (_, float[][] actions) = TinyLanderModel.Cases(TinyLanderModel.Discrete);

        Assert.That(actions.Select(a => string.Join(",", a)).Distinct().Count(), Is.GreaterThan(1));
    }

    [Test]
    [Explicit("Writes tests/DrlRobot.Runtime.Tests/Models/tiny-lander*; run by hand after changing the exporter")]
    public void WriteTinyLanderModels()
    {
        System.IO.Directory.CreateDirectory(TinyLanderModel.Directory);
        foreach (TinyModel model in TinyLanderModel.All)
        {
            OnnxPolicyExporter.Write(model.ModelPath, model.Graph, model.Contract, TinyLanderModel.TrainingJson, model.Stochastic);
        }
        // The stochastic variant shares the deterministic model's expected actions (it runs with zero noise).
        foreach (TinyModel model in TinyLanderModel.All.DistinctBy(m => m.ExpectedFileName))
        {
            File.WriteAllText(model.ExpectedPath, TinyLanderModel.ExpectedJson(model));
        }

        Assert.That(TinyLanderModel.All.Select(m => File.ReadAllBytes(m.ModelPath)), Is.EqualTo(TinyLanderModel.All.Select(m => m.Build())));
    }
}
