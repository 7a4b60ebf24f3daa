// OnnxPolicy: reproduces the trainer's reference actions from the shipped file, allocates nothing per call, checks
// sizes, refuses bad files and files whose inputs do not match the documented layout, and releases everything.
using DrlRobot.Runtime.Policy;

namespace DrlRobot.Runtime.Tests.Policy;

public class OnnxPolicyTests
{
    private const float Tolerance = 1e-5f;

    [Test]
    public void Act_GivesTheExpectedActionsStoredBesideTheModel()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLander);
        var action = new float[policy.ActionCount];

        foreach ((float[] observation, float[] expected) in TestModels.ExpectedCases())
        {
            policy.Act(observation, action);
            Assert.That(action, Is.EqualTo(expected).Within(Tolerance));
        }
    }

    [Test]
    public void StochasticExport_RunsWithZeroNoiseAndGivesTheDeterministicActions()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLanderStochastic);
        var action = new float[policy.ActionCount];

        Assert.That(policy.HasNoiseInput, Is.True);
        foreach ((float[] observation, float[] expected) in TestModels.ExpectedCases())
        {
            policy.Act(observation, action);
            Assert.That(action, Is.EqualTo(expected).Within(Tolerance));
        }
    }

    [Test]
    public void DiscreteExport_GivesTheExpectedRowsOfTheActionTable()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLanderDiscrete);
        var action = new float[policy.ActionCount];
        IReadOnlyList<IReadOnlyList<float>> table = policy.Contract.DiscreteActions;

        foreach ((float[] observation, float[] expected) in TestModels.ExpectedCases("tiny-lander-discrete.expected.json"))
        {
            policy.Act(observation, action);
            Assert.Multiple(() =>
            {
                Assert.That(action, Is.EqualTo(expected));
                Assert.That(table.Any(row => row.SequenceEqual(action)), Is.True);
            });
        }
    }

    [TestCase("tiny-lander.onnx")]
    [TestCase("tiny-lander-stochastic.onnx")]
    [TestCase("tiny-lander-discrete.onnx")]
    public void Act_AllocatesNoManagedMemoryOver10000Calls(string file)
    {
        using var policy = new OnnxPolicy(Path.Combine(AppContext.BaseDirectory, "Models", file));
        (float[] observation, _) = TestModels.ExpectedCases()[5];
        var action = new float[policy.ActionCount];
        policy.Act(observation, action);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            observation[0] = i * 1e-4f;
            policy.Act(observation, action);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Act_RefusesSpansOfTheWrongLength()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLander);

        Assert.Multiple(() =>
        {
            Assert.That(() => policy.Act(new float[7], new float[2]), Throws.ArgumentException.With.Message.Contains("8 observations"));
            Assert.That(() => policy.Act(new float[8], new float[3]), Throws.ArgumentException.With.Message.Contains("2 actions"));
        });
    }

    [Test]
    public void Policy_ExposesItsContractAndSizes()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLander);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Contract.EnvId, Is.EqualTo("lander"));
            Assert.That(policy.ObservationCount, Is.EqualTo(8));
            Assert.That(policy.ActionCount, Is.EqualTo(2));
            Assert.That(policy.HasNoiseInput, Is.False);
            Assert.That(policy.Metadata.FormatVersion, Is.EqualTo(1));
        });
    }

    [Test]
    public void GraphOnnxRuntimeRefuses_IsOneShortLine_WithTheFullTextInside()
    {
        // The doctor's one-node model with its operator renamed to one no opset defines, and valid DrlRobot metadata.
        byte[] probe = TestModels.ForeignOnnx;
        int at = probe.AsSpan().IndexOf("Abs"u8);
        byte[] unknownOp = [.. probe[..at], .. "Abz"u8.ToArray(), .. probe[(at + 3)..]];
        string directory = Directory.CreateTempSubdirectory("drl-onnxpolicy-").FullName;
        try
        {
            string path = Path.Combine(directory, "unknown-op.onnx");
            File.WriteAllBytes(path, TestModels.WithMetadata(unknownOp, ("drlrobot.format", "1"), ("drlrobot.contract", TestModels.TinyLanderContractJson())));
            var error = Assert.Throws<InvalidDataException>(() => new OnnxPolicy(path).Dispose())!;
            TestContext.Out.WriteLine(error.Message);
            Assert.Multiple(() =>
            {
                Assert.That(error.Message, Does.StartWith($"{path}: ONNX Runtime cannot load the model: ").And.Contain("Abz"));
                Assert.That(error.Message, Does.Not.Contain("\n").And.Not.Contain("[ErrorCode").And.Not.Contain("onnxruntime::"));
                Assert.That(error.Message.Length, Is.LessThan(path.Length + 400));
                Assert.That(error.InnerException, Is.Not.Null, "the full message stays inside for --verbose");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCaseSource(typeof(BadModelFile), nameof(BadModelFile.All))]
    public void Constructor_OfABadFile_ThrowsOneLineNamingTheFile(BadModelFile bad)
    {
        string directory = Directory.CreateTempSubdirectory("drl-onnxpolicy-").FullName;
        try
        {
            string path = bad.WriteTo(directory);

            var error = Assert.Throws<InvalidDataException>(() => new OnnxPolicy(path).Dispose())!;
            Assert.Multiple(() =>
            {
                Assert.That(error.Message, Does.StartWith(path + ": ").And.Contain(bad.Expected));
                Assert.That(error.Message, Does.Not.Contain('\n'));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Constructor_OfAModelWhoseInputsAreNotAsDocumented_ThrowsInvalidDataException()
    {
        // A valid ONNX model (input "x", output "y") carrying valid DrlRobot metadata.
        byte[] model = TestModels.WithMetadata(TestModels.ForeignOnnx, ("drlrobot.format", "1"),
            ("drlrobot.contract", TestModels.TinyLanderContractJson()), ("drlrobot.training", "{}"));
        string path = Path.Combine(Path.GetTempPath(), $"drl-wrong-inputs-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, model);
        try
        {
            Assert.That(() => new OnnxPolicy(path).Dispose(),
                        Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo(
                            $"{path}: unexpected input 'x'; a DrlRobot policy takes 'obs' (and optionally 'noise')"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Constructor_OfAModelOnnxRuntimeCannotLoad_ThrowsOneLine()
    {
        // The foreign model with its operator renamed to one no operator set defines, and valid DrlRobot metadata.
        byte[] model = TestModels.ForeignOnnx.ToArray();
        int at = model.AsSpan().IndexOf("Abs"u8);
        "Xyz"u8.CopyTo(model.AsSpan(at));
        model = TestModels.WithMetadata(model, ("drlrobot.format", "1"),
            ("drlrobot.contract", TestModels.TinyLanderContractJson()), ("drlrobot.training", "{}"));
        string path = Path.Combine(Path.GetTempPath(), $"drl-unknown-op-{Environment.ProcessId}.onnx");
        File.WriteAllBytes(path, model);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => new OnnxPolicy(path).Dispose())!;
            Assert.Multiple(() =>
            {
                Assert.That(error.Message, Does.StartWith($"{path}: ONNX Runtime cannot load the model: ").And.Contain("Xyz"));
                Assert.That(error.Message, Does.Not.Contain('\n'));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Dispose_CanBeCalledTwiceAndActAfterwardsThrows()
    {
        var policy = new OnnxPolicy(TestModels.TinyLander);
        policy.Dispose();
        policy.Dispose();

        Assert.That(() => policy.Act(new float[8], new float[2]), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void ManyPoliciesLoadedAndDisposed_StillAgreeWithTheExpectedActions()
    {
        (float[] observation, float[] expected) = TestModels.ExpectedCases()[10];
        var action = new float[2];
        for (int i = 0; i < 20; i++)
        {
            using var policy = new OnnxPolicy(TestModels.TinyLander, warmupRuns: 1);
            policy.Act(observation, action);
        }

        Assert.That(action, Is.EqualTo(expected).Within(Tolerance));
    }
}
