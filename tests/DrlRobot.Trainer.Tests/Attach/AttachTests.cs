// drl-train attach on policies other frameworks wrote (Foreign/make_foreign.py made them with PyTorch 1.13 and
// onnx.helper from the shipped lander weights): the attached file computes what the shipped policy computes, in
// every export shape; every refusal is one line naming what to pass.
using System.Text.Json;
using DrlRobot.Sim;
using DrlRobot.Tests.Shared;
using DrlRobot.Trainer.Attach;
using DrlRobot.Trainer.Cli;
using DrlRobot.Trainer.Tests.Export;
using Microsoft.ML.OnnxRuntime;

namespace DrlRobot.Trainer.Tests.Attach;

public class AttachTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-attach-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static string Foreign(string name) => Path.Combine(TestPaths.RepoRoot, "tests", "DrlRobot.Trainer.Tests", "Attach", "Foreign", name);

    private static string Shipped(string name) => Path.Combine(TestPaths.RepoRoot, "models", name);

    private static float[] RandomObservations(int rows, int seed)
    {
        var random = new Random(seed);
        var obs = new float[rows * 8];
        for (int i = 0; i < obs.Length; i++)
        {
            obs[i] = (float)(random.NextDouble() * 3 - 1.5);
        }
        return obs;
    }

    private static float[] Actions(byte[] model, float[] obs, int rows)
    {
        using InferenceSession session = OrtRunner.Open(model);
        return OrtRunner.Run(session, obs, rows);
    }

    private static void AssertSameActions(byte[] attached, string shipped)
    {
        float[] obs = RandomObservations(2000, 7);
        float[] expected = Actions(File.ReadAllBytes(Shipped(shipped)), obs, 2000), actual = Actions(attached, obs, 2000);
        Assert.That(actual, Is.EqualTo(expected).Within(1e-5f), "the attached file computes what the shipped policy computes");
    }

    private static AttachOptions For(string env) => new() { Contract = EnvRegistry.GetContract(env) };

    [TestCase("torch-lander-mlp.normalizer.json")]
    [TestCase("torch-lander-mlp.normalizer.npz")]
    public void PyTorchMlp_WithItsNormalizer_ComputesTheShippedPolicy(string stats)
    {
        byte[] attached = ForeignPolicy.Attach(Foreign("torch-lander-mlp.onnx"), For("lander") with { Normalizer = ObservationNormalizer.Read(Foreign(stats)) });
        AssertSameActions(attached, "lander.onnx");
    }

    [Test]
    public void Sb3ShapedExport_NeedsItsActionOutputNamed_ThenComputesTheShippedPolicy()
    {
        var outputs = JsonSerializer.Deserialize<Dictionary<string, string[]>>(File.ReadAllText(Foreign("outputs.json")))!["sb3-shaped-lander.onnx"];
        var refused = Assert.Throws<InvalidDataException>(() => ForeignPolicy.Attach(Foreign("sb3-shaped-lander.onnx"), For("lander")))!;
        Assert.That(refused.Message, Does.Contain("has 3 outputs").And.Contain($"'{outputs[0]}'").And.Contain("--output NAME"));
        byte[] attached = ForeignPolicy.Attach(Foreign("sb3-shaped-lander.onnx"), For("lander") with
        {
            Output = outputs[0],
            Normalizer = ObservationNormalizer.Read(Foreign("torch-lander-mlp.normalizer.json")),
        });
        AssertSameActions(attached, "lander.onnx");
    }

    [Test]
    public void HelperGraphAtOpset23_WhoseTensorsAreNamedObsAndAction_ComputesTheShippedPolicy() =>
        AssertSameActions(ForeignPolicy.Attach(Foreign("helper-lander-opset23.onnx"), For("lander")), "lander.onnx");

    [Test]
    public void ForeignTensorsInsideTheGraphNamedAsOurs_AreMovedAside()
    {
        // y = tanh(x · Wᵀ + b) where the weight initializer is called "obs" and the inner tensor "action".
        var g = new DrlRobot.Trainer.Export.OnnxGraphBuilder("inner_names");
        g.Input("x", 8, "");
        float[] weight = [.. Enumerable.Range(0, 16).Select(i => (i % 5 - 2) * 0.1f)];
        g.Node("Gemm", "action", ["x", g.Constant("obs", weight, 2, 8), g.Constant("b", [0.1f, -0.2f], 2)],
               DrlRobot.Trainer.Export.OnnxGraphBuilder.IntAttribute("transB", 1));
        g.Node("Tanh", "y", ["action"]);
        g.Output("y", 2, "");
        var model = new DrlRobot.Trainer.Export.Onnx.ModelProto { IrVersion = 8, Graph = g.Graph };
        model.OpsetImport.Add(new DrlRobot.Trainer.Export.Onnx.OperatorSetIdProto { Domain = "", Version = 17 });
        string path = Path.Combine(_dir, "inner-names.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));
        byte[] attached = ForeignPolicy.Attach(path, For("lander"));
        float[] obs = RandomObservations(100, 5), actions = Actions(attached, obs, 100);
        var expected = new float[200];
        for (int r = 0; r < 100; r++)
        {
            for (int j = 0; j < 2; j++)
            {
                float sum = j == 0 ? 0.1f : -0.2f;
                for (int k = 0; k < 8; k++)
                {
                    sum += obs[r * 8 + k] * weight[j * 8 + k];
                }
                expected[r * 2 + j] = MathF.Tanh(sum);
            }
        }
        Assert.That(actions, Is.EqualTo(expected).Within(1e-5f));
    }

    [Test]
    public void ExternalWeights_AreFoldedIn_SoTheFileRunsAnywhere()
    {
        byte[] attached = ForeignPolicy.Attach(Foreign("external-lander.onnx"), For("lander"));
        // Written to a folder without the weights file: it must not need it.
        string path = Path.Combine(_dir, "alone.onnx");
        File.WriteAllBytes(path, attached);
        AssertSameActions(File.ReadAllBytes(path), "lander.onnx");
        Assert.That(attached.Length, Is.GreaterThan(new FileInfo(Foreign("external-lander.weights")).Length));
    }

    [Test]
    public void DqnQNetwork_BecomesTheContractsDiscreteActions()
    {
        byte[] attached = ForeignPolicy.Attach(Foreign("torch-lander-discrete-q.onnx"), For("lander-discrete") with
        {
            Normalizer = ObservationNormalizer.Read(Foreign("torch-lander-discrete-q.normalizer.json")),
        });
        AssertSameActions(attached, "lander-discrete.onnx");
    }

    [Test]
    public void UnitActionSpace_IsScaledToEachActuatorsRange()
    {
        // lander3's actuators are [0, 1]: a foreign -1 is 0, 0 is 0.5, +1 is 1. The helper graph's Clip output is the unit action.
        var contract = EnvRegistry.GetContract("lander3");
        var lander3 = contract with { Actuators = [contract.Actuators[0], contract.Actuators[1]] };
        byte[] unit = ForeignPolicy.Attach(Foreign("helper-lander-opset23.onnx"), new AttachOptions { Contract = lander3, ActionSpace = ActionSpace.Unit });
        float[] obs = RandomObservations(500, 3);
        float[] original = Actions(File.ReadAllBytes(Shipped("lander.onnx")), obs, 500), scaled = Actions(unit, obs, 500);
        Assert.That(scaled, Is.EqualTo(original.Select(a => (a + 1) / 2).ToArray()).Within(1e-5f));
    }

    [Test]
    public void Attach_IsDeterministic_AndTheRuntimeFixtureIsItsOutput()
    {
        // The runtime tests fly tests/DrlRobot.Runtime.Tests/Models/attached-lander-mlp.onnx; it must be what attach writes today.
        var options = For("lander") with { Normalizer = ObservationNormalizer.Read(Foreign("torch-lander-mlp.normalizer.json")) };
        byte[] first = ForeignPolicy.Attach(Foreign("torch-lander-mlp.onnx"), options), second = ForeignPolicy.Attach(Foreign("torch-lander-mlp.onnx"), options);
        string fixture = Path.Combine(TestPaths.RepoRoot, "tests", "DrlRobot.Runtime.Tests", "Models", "attached-lander-mlp.onnx");
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(File.ReadAllBytes(fixture), Is.EqualTo(first),
                "regenerate it with `drl-train attach tests/DrlRobot.Trainer.Tests/Attach/Foreign/torch-lander-mlp.onnx --env lander " +
                "--normalizer tests/DrlRobot.Trainer.Tests/Attach/Foreign/torch-lander-mlp.normalizer.json --out tests/DrlRobot.Runtime.Tests/Models/attached-lander-mlp.onnx`");
        });
    }

    [Test]
    public void Check_FliesTheWrittenFile_AsTheShippedPolicyFlies()
    {
        string output = Path.Combine(_dir, "attached.onnx");
        var (code, stdout, stderr) = ConsoleCapture.Run(TrainerCli.Run, "attach", Foreign("torch-lander-mlp.onnx"), "--env", "lander", "--out", output,
                                                        "--normalizer", Foreign("torch-lander-mlp.normalizer.json"), "--check", "--episodes", "10");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, stderr);
            Assert.That(File.Exists(output), Is.True);
            Assert.That(stdout, Does.Match(@"check: lander, 10 episodes, mean return 2\d\d\.\d ± [\d.]+, success (9\d|100) %"));
        });
    }

    [TestCase("torch-lander-mlp.onnx", new[] { "--env", "lander3" }, "output '16' has shape [Clip16_dim_0, 2]; the lander3 contract needs [batch, 3] (3 actuators: main, left, right)")]
    [TestCase("torch-lander-mlp.onnx", new[] { "--env", "pendulum" }, "input 'input' has shape [batch_size, 8]; the pendulum contract needs [batch, 3]")]
    [TestCase("torch-lander-mlp.onnx", new[] { "--env", "submarine" }, "--env submarine: unknown environment")]
    [TestCase("torch-lander-mlp.onnx", new[] { "--env", "lander", "--input", "x" }, "--input x: torch-lander-mlp.onnx has no such input (it has 'input')")]
    [TestCase("torch-lander-mlp.onnx", new[] { "--env", "lander", "--output", "y" }, "--output y: torch-lander-mlp.onnx has no such output (it has '16')")]
    [TestCase("torch-lander-mlp.onnx", new[] { "--env", "lander", "--normalizer", "torch-lander-discrete-q.onnx" }, "not normalizer statistics")]
    [TestCase("torch-lander-mlp.onnx", new[] { "--env", "lander-discrete" }, "output '16' has shape [Clip16_dim_0, 2]; the lander-discrete contract needs [batch, 4] (4 scores")]
    [TestCase("opset9.onnx", new[] { "--env", "lander" }, "opset 9; attach needs opset 11 or newer")]
    [TestCase("make_foreign.py", new[] { "--env", "lander" }, "make_foreign.py: not an ONNX model")]
    [TestCase("no-such.onnx", new[] { "--env", "lander" }, "foreign model not found")]
    public void Refusal_IsOneLineNamingWhatToPass_Exit2(string file, string[] options, string expected)
    {
        string[] resolved = [.. options.Select(o => o.EndsWith(".onnx", StringComparison.Ordinal) ? Foreign(o) : o)];
        string output = Path.Combine(_dir, "out.onnx");
        var (code, _, stderr) = ConsoleCapture.Run(TrainerCli.Run, ["attach", Foreign(file), "--out", output, .. resolved]);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), stderr);
            Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.Contain(expected));
            Assert.That(File.Exists(output), Is.False, "nothing written");
        });
    }

    [Test]
    public void NormalizerForAnotherSize_IsRefused()
    {
        string stats = Path.Combine(_dir, "three.json");
        File.WriteAllText(stats, """{"mean": [0, 0, 0], "var": [1, 1, 1]}""");
        var error = Assert.Throws<InvalidDataException>(() => ForeignPolicy.Attach(Foreign("torch-lander-mlp.onnx"), For("lander") with { Normalizer = ObservationNormalizer.Read(stats) }))!;
        Assert.That(error.Message, Is.EqualTo("--normalizer: 3 statistics, the lander contract has 8 observations"));
    }
}
