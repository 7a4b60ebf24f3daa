// The exported file is what ARCHITECTURE.md documents: input `obs` and output `action` float32 [batch, n], IR 8 and
// opset 17 with standard operators only, readable names, and the contract and training record in metadata_props.
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Export.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DrlRobot.Trainer.Tests.Export;

public class OnnxFileLayoutTests
{
    private static readonly string[] StandardOps = ["Sub", "Div", "Clip", "Gemm", "Tanh", "Relu", "Mul", "Add", "Max", "Min", "ArgMax", "Gather"];

    [TestCase(ActionHead.Clip)]
    [TestCase(ActionHead.Tanh)]
    [TestCase(ActionHead.Argmax)]
    public void ExportedModel_HasDocumentedInputAndOutputNamesTypesAndShapes(ActionHead head)
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(head, 100 + (int)head);
        using InferenceSession session = OrtRunner.Open(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson));

        Assert.Multiple(() =>
        {
            Assert.That(session.InputMetadata.Keys, Is.EqualTo(new[] { "obs" }));
            Assert.That(session.OutputMetadata.Keys, Is.EqualTo(new[] { "action" }));
            AssertBatchedFloat(session.InputMetadata["obs"], contract.Observations.Count);
            AssertBatchedFloat(session.OutputMetadata["action"], contract.Actuators.Count);
        });
    }

    [Test]
    public void StochasticModel_HasANoiseInputShapedLikeTheAction()
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Clip, 110, withLogStd: true);
        using InferenceSession session = OrtRunner.Open(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson, stochastic: true));

        Assert.Multiple(() =>
        {
            Assert.That(session.InputMetadata.Keys, Is.EquivalentTo(new[] { "obs", "noise" }));
            AssertBatchedFloat(session.InputMetadata["noise"], contract.Actuators.Count);
        });
    }

    [TestCase(ActionHead.Clip, false)]
    [TestCase(ActionHead.Tanh, true)]
    [TestCase(ActionHead.Argmax, false)]
    public void ExportedModel_UsesIr8Opset17AndStandardOperatorsOnly(ActionHead head, bool stochastic)
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(head, 120, withLogStd: stochastic);
        ModelProto model = ModelProto.Parser.ParseFrom(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson, stochastic));

        Assert.Multiple(() =>
        {
            Assert.That(model.IrVersion, Is.EqualTo(8));
            Assert.That(model.OpsetImport.Select(o => (o.Domain, o.Version)), Is.EqualTo(new[] { ("", 17L) }));
            Assert.That(model.Graph.Node.Select(n => n.Domain), Is.All.Empty);
            Assert.That(model.Graph.Node.Select(n => n.OpType).Distinct(), Is.SubsetOf(StandardOps));
        });
    }

    [TestCase(ActionHead.Clip, -1f, 1f, new[] { "Clip" })]
    [TestCase(ActionHead.Tanh, -1f, 1f, new[] { "Tanh", "Clip" })]
    [TestCase(ActionHead.Clip, 0f, 2f, new[] { "Clip", "Mul", "Add", "Clip" })]
    public void SharedActuatorRange_LeavesIdentityNodesOut(ActionHead head, float low, float high, string[] tail)
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(head, 125, actuatorRange: (low, high));
        ModelProto model = ModelProto.Parser.ParseFrom(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson));
        string[] ops = model.Graph.Node.Select(n => n.OpType).ToArray();
        int lastGemm = Array.LastIndexOf(ops, "Gemm");

        Assert.Multiple(() =>
        {
            Assert.That(ops[(lastGemm + 1)..], Is.EqualTo(tail));
            Assert.That(model.Graph.Node[^1].Output, Is.EqualTo(new[] { "action" }));
        });
    }

    [Test]
    public void PerActuatorRanges_AreScaledAndClippedActuatorByActuator()
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Clip, 126);
        ModelProto model = ModelProto.Parser.ParseFrom(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson));
        string[] ops = model.Graph.Node.Select(n => n.OpType).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(graph.ActionLow.Distinct().Count(), Is.GreaterThan(1));
            Assert.That(ops[(Array.LastIndexOf(ops, "Gemm") + 1)..], Is.EqualTo(new[] { "Clip", "Mul", "Add", "Max", "Min" }));
        });
    }

    [Test]
    public void NodesAndInitializers_HaveReadableNames()
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Clip, 130);
        ModelProto model = ModelProto.Parser.ParseFrom(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson));
        string[] initializers = model.Graph.Initializer.Select(t => t.Name).ToArray();
        string[] nodes = model.Graph.Node.Select(n => n.Name).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(initializers, Is.SupersetOf(new[]
            {
                "obs_mean", "obs_std", "layers.0.weight", "layers.0.bias", "layers.2.weight", "action_low", "action_high",
            }));
            Assert.That(nodes, Is.SupersetOf(new[] { "obs_centred", "obs_normalised", "layers.0.linear", "action_unit", "action" }));
            Assert.That(nodes, Is.Unique);
            Assert.That(model.Graph.Name, Is.EqualTo($"{contract.EnvId}_policy"));
        });
    }

    [Test]
    public void Metadata_RoundTripsTheContractAndTheTrainingRecord()
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Argmax, 140);
        using InferenceSession session = OrtRunner.Open(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson));
        Dictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;

        RobotContract read = ContractJson.Deserialize(metadata["drlrobot.contract"]);
        Assert.Multiple(() =>
        {
            Assert.That(metadata["drlrobot.format"], Is.EqualTo("1"));
            Assert.That(metadata["drlrobot.training"], Is.EqualTo(RandomPolicies.TrainingJson));
            Assert.That(RobotContract.FirstMismatch(contract, read), Is.Null);
            Assert.That(ContractJson.Serialize(read), Is.EqualTo(ContractJson.Serialize(contract)));
            Assert.That(read.DiscreteActions, Has.Count.EqualTo(graph.DiscreteTable!.Length));
        });
    }

    [Test]
    public void Build_IsDeterministic()
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Tanh, 150);

        byte[] first = OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson);
        byte[] second = OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Write_ReplacesTheFileAndLeavesNoTemporaryFileBehind()
    {
        string directory = Directory.CreateTempSubdirectory("drl-export-").FullName;
        try
        {
            string path = Path.Combine(directory, "policy.onnx");
            File.WriteAllText(path, "an older policy");
            (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Clip, 160);

            OnnxPolicyExporter.Write(path, graph, contract, RandomPolicies.TrainingJson);

            Assert.Multiple(() =>
            {
                Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EqualTo(new[] { "policy.onnx" }));
                Assert.That(File.ReadAllBytes(path), Is.EqualTo(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson)));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Write_OfABadGraph_LeavesTheExistingFileUntouched()
    {
        string directory = Directory.CreateTempSubdirectory("drl-export-").FullName;
        try
        {
            string path = Path.Combine(directory, "policy.onnx");
            File.WriteAllText(path, "the policy on the robot");
            (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Clip, 170);
            PolicyGraph bad = graph with { Layers = [] };

            Assert.Multiple(() =>
            {
                Assert.That(() => OnnxPolicyExporter.Write(path, bad, contract, RandomPolicies.TrainingJson), Throws.ArgumentException);
                Assert.That(File.ReadAllText(path), Is.EqualTo("the policy on the robot"));
                Assert.That(Directory.GetFiles(directory), Has.Length.EqualTo(1));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertBatchedFloat(NodeMetadata metadata, int width)
    {
        Assert.That(metadata.ElementDataType, Is.EqualTo(TensorElementType.Float));
        Assert.That(metadata.Dimensions, Is.EqualTo(new[] { -1, width }));
        Assert.That(metadata.SymbolicDimensions[0], Is.EqualTo("batch"));
    }
}
