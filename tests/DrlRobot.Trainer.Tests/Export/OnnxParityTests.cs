// Differential tests: ONNX Runtime running the exported file agrees with the hand-written reference forward pass
// on 10,000 random observations across (and a little beyond) the contract's ranges, for every head.
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Export;
using Microsoft.ML.OnnxRuntime;

namespace DrlRobot.Trainer.Tests.Export;

public class OnnxParityTests
{
    private const int Samples = 10_000;
    private const float Tolerance = 1e-5f;

    [TestCase(ActionHead.Clip, 11)]
    [TestCase(ActionHead.Clip, 12)]
    [TestCase(ActionHead.Tanh, 21)]
    [TestCase(ActionHead.Tanh, 22)]
    public void ContinuousHead_MatchesReferenceOn10000Observations(ActionHead head, int seed)
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(head, seed);
        float[] actual = RunExported(graph, contract, seed, stochastic: false, out float[] obs, out _);

        AssertActionsMatch(graph, obs, actual, noise: null);
    }

    [TestCase(ActionHead.Clip, -1f, 1f, 71)]
    [TestCase(ActionHead.Tanh, -1f, 1f, 72)]
    [TestCase(ActionHead.Clip, 0f, 2f, 73)]
    [TestCase(ActionHead.Tanh, 0f, 0.5f, 74)]
    public void SharedActuatorRange_MatchesReference(ActionHead head, float low, float high, int seed)
    {
        // One range for all actuators takes the exporter's shorter paths: no scaling for [-1, 1], one scalar Clip.
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(head, seed, actuatorRange: (low, high));
        float[] actual = RunExported(graph, contract, seed, stochastic: false, out float[] obs, out _);

        AssertActionsMatch(graph, obs, actual, noise: null);
    }

    [TestCase(ActionHead.Clip, 31)]
    [TestCase(ActionHead.Tanh, 32)]
    public void StochasticVariant_MatchesReferenceWithTheGivenNoise(ActionHead head, int seed)
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(head, seed, withLogStd: true);
        float[] actual = RunExported(graph, contract, seed, stochastic: true, out float[] obs, out float[] noise);

        AssertActionsMatch(graph, obs, actual, noise);
    }

    [Test]
    public void StochasticVariant_WithZeroNoise_GivesTheDeterministicAction()
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Tanh, 33, withLogStd: true);
        float[] obs = RandomPolicies.Observations(contract, 256, new Random(1));
        using InferenceSession deterministic = OrtRunner.Open(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson));
        using InferenceSession stochastic = OrtRunner.Open(OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson, stochastic: true));

        float[] mean = OrtRunner.Run(deterministic, obs, 256);
        float[] zeroNoise = OrtRunner.Run(stochastic, obs, 256, new float[256 * graph.NumActions]);

        Assert.That(zeroNoise, Is.EqualTo(mean).Within(Tolerance));
    }

    [TestCase(41)]
    [TestCase(42)]
    [TestCase(43)]
    public void ArgmaxHead_GathersTheReferenceRowOfTheTable(int seed)
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Argmax, seed);
        float[] actual = RunExported(graph, contract, seed, stochastic: false, out float[] obs, out _);
        int nObs = graph.NumObservations, nAct = graph.NumActions;
        var rowsSeen = new HashSet<int>();

        for (int k = 0; k < Samples; k++)
        {
            float[] logits = ReferencePolicy.NetworkOutput(graph, obs.AsSpan(k * nObs, nObs));
            float[] got = actual.AsSpan(k * nAct, nAct).ToArray();
            int best = ReferencePolicy.ArgMax(logits);
            rowsSeen.Add(best);
            // Logits closer than float rounding can tie either way; then either of the two rows is right.
            if (ReferencePolicy.ArgMaxMargin(logits) < 1e-4f && !got.SequenceEqual(graph.DiscreteTable![best]))
            {
                logits[best] = float.NegativeInfinity;
                best = ReferencePolicy.ArgMax(logits);
            }
            Assert.That(got, Is.EqualTo(graph.DiscreteTable![best]), $"observation {k}");
        }
        Assert.That(rowsSeen, Has.Count.GreaterThan(1), "random weights should pick more than one row");
    }

    [Test]
    public void WithoutObservationClip_LargeObservationsPassThroughUnclipped()
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Tanh, 51, obsClip: float.PositiveInfinity);
        float[] actual = RunExported(graph, contract, 51, stochastic: false, out float[] obs, out _);

        AssertActionsMatch(graph, obs, actual, noise: null);
    }

    [Test]
    public void ClipHead_ReachesBothEndsOfEveryActuatorRange()
    {
        (PolicyGraph graph, RobotContract contract) = RandomPolicies.Create(ActionHead.Clip, 61);
        // A final layer twenty times stronger drives the mean far past ±1 on both sides.
        DenseLayer last = graph.Layers[^1];
        graph = graph with
        {
            Layers = [.. graph.Layers.SkipLast(1), last with { Weight = last.Weight.Select(w => 20f * w).ToArray() }],
        };
        float[] actual = RunExported(graph, contract, 61, stochastic: false, out _, out _);
        int nAct = graph.NumActions;

        for (int j = 0; j < nAct; j++)
        {
            float[] column = Enumerable.Range(0, Samples).Select(k => actual[k * nAct + j]).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(column.Min(), Is.EqualTo(graph.ActionLow[j]).Within(Tolerance), $"actuator {j} low");
                Assert.That(column.Max(), Is.EqualTo(graph.ActionHigh[j]).Within(Tolerance), $"actuator {j} high");
            });
        }
    }

    private static float[] RunExported(PolicyGraph graph, RobotContract contract, int seed, bool stochastic,
                                       out float[] obs, out float[] noise)
    {
        var rng = new Random(seed * 7919);
        obs = RandomPolicies.Observations(contract, Samples, rng);
        noise = stochastic ? RandomPolicies.Normal(Samples * graph.NumActions, rng) : [];
        byte[] model = OnnxPolicyExporter.Build(graph, contract, RandomPolicies.TrainingJson, stochastic);
        using InferenceSession session = OrtRunner.Open(model);
        return OrtRunner.Run(session, obs, Samples, stochastic ? noise : null);
    }

    private static void AssertActionsMatch(PolicyGraph graph, float[] obs, float[] actual, float[]? noise)
    {
        int nObs = graph.NumObservations, nAct = graph.NumActions;
        Assert.That(actual, Has.Length.EqualTo(Samples * nAct));
        var expected = new float[Samples * nAct];
        for (int k = 0; k < Samples; k++)
        {
            ReadOnlySpan<float> n = noise is null ? default : noise.AsSpan(k * nAct, nAct);
            ReferencePolicy.Act(graph, obs.AsSpan(k * nObs, nObs), n).CopyTo(expected, k * nAct);
        }
        float worst = expected.Zip(actual, (e, a) => MathF.Abs(e - a)).Max();
        TestContext.Out.WriteLine($"{graph.Head}: n_obs {nObs}, n_act {nAct}, worst |onnx - reference| = {worst:E2}");
        Assert.That(actual, Is.EqualTo(expected).Within(Tolerance));
    }
}
