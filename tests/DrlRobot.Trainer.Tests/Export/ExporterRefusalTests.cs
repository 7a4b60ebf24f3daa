// The exporter refuses what it cannot express or what disagrees with the contract, with a message that starts with
// the offending field or layer.
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Export;

namespace DrlRobot.Trainer.Tests.Export;

public class ExporterRefusalTests
{
    private static readonly int[] Hidden = [16, 12];

    private static (PolicyGraph Graph, RobotContract Contract) Continuous() =>
        RandomPolicies.Create(ActionHead.Clip, 7, withLogStd: true, hidden: Hidden);

    private static (PolicyGraph Graph, RobotContract Contract) Discrete() =>
        RandomPolicies.Create(ActionHead.Argmax, 8, hidden: Hidden);

    private static IEnumerable<TestCaseData> BadGraphs()
    {
        PolicyGraph c = Continuous().Graph, d = Discrete().Graph;
        DenseLayer l0 = c.Layers[0], l1 = c.Layers[1], l2 = c.Layers[2];
        yield return Case("layers[1]: In 12 != previous Out 16", c with { Layers = [l0, l1 with { In = 12, Weight = new float[12 * 12] }, l2] });
        yield return Case("layers: a policy needs at least one layer", c with { Layers = [] });
        yield return Case("layers[0]: In", c with { Layers = [l0 with { In = l0.In + 1 }, l1, l2] });
        yield return Case("layers[0]: weight has", c with { Layers = [l0 with { Weight = l0.Weight[1..] }, l1, l2] });
        yield return Case("layers[1]: bias has", c with { Layers = [l0, l1 with { Bias = [1f] }, l2] });
        yield return Case("layers[2].weight[3]: NaN", c with { Layers = [l0, l1, l2 with { Weight = WithAt(l2.Weight, 3, float.NaN) }] });
        yield return Case("layers[2]: Out", c with { Layers = [l0, l1, l2 with { Out = l2.Out + 1, Weight = new float[(l2.Out + 1) * l2.In], Bias = new float[l2.Out + 1] }] });
        yield return Case("obsStd[2]: 0 must be finite and > 0", c with { ObsStd = WithAt(c.ObsStd, 2, 0f) });
        yield return Case("obsStd: has", c with { ObsStd = c.ObsStd[1..] });
        yield return Case("obsMean: needs at least one observation", c with { ObsMean = [] });
        yield return Case("obsClip", c with { ObsClip = float.NaN });
        yield return Case("obsClip", c with { ObsClip = 0f });
        yield return Case("actionHigh: has", c with { ActionHigh = c.ActionHigh[1..] });
        yield return Case("actionLow[0]:", c with { ActionLow = WithAt(c.ActionLow, 0, c.ActionHigh[0] + 1f) });
        yield return Case("logStd: has", c with { LogStd = [.. c.LogStd!, 0f] });
        yield return Case("discreteTable: only the Argmax head uses it", c with { DiscreteTable = d.DiscreteTable });
        yield return Case("discreteTable[1]: has", d with { DiscreteTable = [d.DiscreteTable![0], [.. d.DiscreteTable[1], 0f], .. d.DiscreteTable[2..]] });
        yield return Case("layers[2]: Out", d with { DiscreteTable = d.DiscreteTable![1..] });
        yield return Case("discreteTable[0][0]:", d with { DiscreteTable = [WithAt(d.DiscreteTable![0], 0, d.ActionHigh[0] + 5f), .. d.DiscreteTable[1..]] });
        yield return Case("logStd: the Argmax head", d with { LogStd = new float[d.NumActions] });
    }

    [TestCaseSource(nameof(BadGraphs))]
    public void Validate_RefusesAGraphItCannotExpress_NamingTheField(PolicyGraph graph, string message)
    {
        Assert.That(graph.Validate, Throws.ArgumentException.With.Message.StartsWith(message));
    }

    [TestCaseSource(nameof(BadGraphs))]
    public void Build_RefusesTheSameGraphs(PolicyGraph graph, string message)
    {
        RobotContract contract = graph.Head == ActionHead.Argmax ? Discrete().Contract : Continuous().Contract;

        Assert.That(() => OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson),
                    Throws.ArgumentException.With.Message.StartsWith(message));
    }

    [Test]
    public void ValidGraphs_PassValidation()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Continuous().Graph.Validate, Throws.Nothing);
            Assert.That(Discrete().Graph.Validate, Throws.Nothing);
        });
    }

    private static IEnumerable<TestCaseData> ContractMismatches()
    {
        (PolicyGraph c, RobotContract cc) = Continuous();
        (PolicyGraph d, RobotContract dc) = Discrete();
        yield return new TestCaseData(c, cc with { Observations = cc.Observations.Skip(1).ToArray() }, "obsMean:").SetName("ObservationCount");
        yield return new TestCaseData(c, cc with { Actuators = [.. cc.Actuators, new ActuatorSpec("extra", ActuatorKind.Servo, "rad", -1, 1, 0)] }, "actionLow:").SetName("ActuatorCount");
        yield return new TestCaseData(c, cc with { Actuators = [cc.Actuators[0] with { High = cc.Actuators[0].High + 1 }, .. cc.Actuators.Skip(1)] }, "actionLow[0]/actionHigh[0]:").SetName("ActuatorRange");
        yield return new TestCaseData(d with { Head = ActionHead.Argmax }, cc with { Actuators = dc.Actuators, Observations = dc.Observations }, "head:").SetName("ArgmaxOnContinuousContract");
        yield return new TestCaseData(d, dc with { DiscreteActions = [dc.DiscreteActions[1], dc.DiscreteActions[0], .. dc.DiscreteActions.Skip(2)] }, "discreteTable[0][").SetName("TableDiffersFromContract");
        yield return new TestCaseData(c, cc with { ControlHz = -1 }, "contract:").SetName("InvalidContract");
    }

    [TestCaseSource(nameof(ContractMismatches))]
    public void Build_RefusesAGraphThatDisagreesWithTheContract(PolicyGraph graph, RobotContract contract, string message)
    {
        Assert.That(() => OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson),
                    Throws.ArgumentException.With.Message.StartsWith(message));
    }

    [TestCase("not json")]
    [TestCase("[1, 2]")]
    [TestCase("")]
    public void Build_RefusesATrainingRecordThatIsNotAJsonObject(string trainingJson)
    {
        (PolicyGraph graph, RobotContract contract) = Continuous();

        Assert.That(() => OnnxPolicyExporter.Build(graph, contract, trainingJson),
                    Throws.ArgumentException.With.Message.StartsWith("trainingJson:"));
    }

    [Test]
    public void Build_RefusesTheStochasticVariantWithoutLogStd()
    {
        (PolicyGraph graph, RobotContract contract) = Continuous();

        Assert.That(() => OnnxPolicyExporter.Build(graph with { LogStd = null }, contract, RandomPolicies.TrainingJson, stochastic: true),
                    Throws.ArgumentException.With.Message.StartsWith("logStd:"));
    }

    private static TestCaseData Case(string message, PolicyGraph graph) => new TestCaseData(graph, message).SetArgDisplayNames(message);

    private static float[] WithAt(float[] values, int index, float value)
    {
        float[] copy = (float[])values.Clone();
        copy[index] = value;
        return copy;
    }
}
