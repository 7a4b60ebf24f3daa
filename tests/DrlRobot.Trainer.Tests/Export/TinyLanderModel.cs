// Generates the small exported policy the runtime tests ship (they cannot reference the trainer): random weights,
// a Clip head, and the lander's 8 observations and 2 thrusters, with reference actions for a set of observations.
using System.Text.Json;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Export;

namespace DrlRobot.Trainer.Tests.Export;

internal static class TinyLanderModel
{
    public const int Seed = 2026;

    public static string ModelPath => Path.Combine(TestPaths.RepoRoot, "tests", "DrlRobot.Runtime.Tests", "Models", "tiny-lander.onnx");

    public static string ExpectedPath => Path.ChangeExtension(ModelPath, ".expected.json");

    /// <summary>The same policy exported as the stochastic variant: with zero noise it gives the same actions.</summary>
    public static string StochasticModelPath => Path.Combine(Path.GetDirectoryName(ModelPath)!, "tiny-lander-stochastic.onnx");

    public const string TrainingJson =
        """{"algorithm":"none","steps":0,"seed":2026,"note":"random weights for the runtime tests, not a trained policy","generator":"tests/DrlRobot.Trainer.Tests/Export/TinyLanderModel.cs"}""";

    /// <summary>Observations and actuators as in LANDER_FACTS.md (Gymnasium LunarLanderContinuous scaling).</summary>
    public static RobotContract Contract { get; } = new()
    {
        EnvId = "lander",
        EnvVersion = 1,
        ControlHz = 50,
        Observations =
        [
            new ObservationSpec("x", "1", -1.5f, 1.5f),
            new ObservationSpec("y", "1", -1.5f, 1.5f),
            new ObservationSpec("vx", "1", -5f, 5f),
            new ObservationSpec("vy", "1", -5f, 5f),
            new ObservationSpec("angle", "rad", -MathF.PI, MathF.PI),
            new ObservationSpec("angular_velocity", "1", -5f, 5f),
            new ObservationSpec("left_leg_contact", "1", 0f, 1f),
            new ObservationSpec("right_leg_contact", "1", 0f, 1f),
        ],
        Actuators =
        [
            new ActuatorSpec("main", ActuatorKind.Thruster, "1", -1f, 1f, 0f),
            new ActuatorSpec("lateral", ActuatorKind.Thruster, "1", -1f, 1f, 0f),
        ],
    };

    public static PolicyGraph Graph()
    {
        var rng = new Random(Seed);
        IReadOnlyList<ObservationSpec> obs = Contract.Observations;
        return new PolicyGraph
        {
            ObsMean = obs.Select(o => 0.1f * (o.High - o.Low) * (rng.NextSingle() - 0.5f) + 0.5f * (o.Low + o.High)).ToArray(),
            ObsStd = obs.Select(o => 0.25f * (o.High - o.Low) * (0.5f + rng.NextSingle())).ToArray(),
            ObsClip = 5f,
            Layers =
            [
                RandomPolicies.Dense(rng, 8, 16, 1f, Activation.Tanh),
                RandomPolicies.Dense(rng, 16, 16, 1f, Activation.Tanh),
                RandomPolicies.Dense(rng, 16, 2, 3f, Activation.None),
            ],
            Head = ActionHead.Clip,
            ActionLow = Contract.Actuators.Select(a => a.Low).ToArray(),
            ActionHigh = Contract.Actuators.Select(a => a.High).ToArray(),
            LogStd = [-0.5f, -1f],
        };
    }

    public static byte[] Build() => OnnxPolicyExporter.Build(Graph(), Contract, TrainingJson);

    public static byte[] BuildStochastic() => OnnxPolicyExporter.Build(Graph(), Contract, TrainingJson, stochastic: true);

    /// <summary>Observations across (and a little beyond) the declared ranges, and the reference action of each.</summary>
    public static (float[][] Observations, float[][] Actions) Cases()
    {
        var rng = new Random(Seed + 1);
        PolicyGraph graph = Graph();
        float[][] observations =
        [
            Contract.Observations.Select(o => o.Low).ToArray(),
            Contract.Observations.Select(o => o.High).ToArray(),
            Contract.Observations.Select(o => 0.5f * (o.Low + o.High)).ToArray(),
            .. Enumerable.Range(0, 61).Select(_ => RandomPolicies.Observations(Contract, 1, rng)),
        ];
        return (observations, observations.Select(o => ReferencePolicy.Act(graph, o)).ToArray());
    }

    /// <summary>One case per line, so a diff of the file shows which cases changed.</summary>
    public static string ExpectedJson()
    {
        (float[][] observations, float[][] actions) = Cases();
        IEnumerable<string> lines = observations.Select((o, k) =>
            $"    {{\"obs\": {JsonSerializer.Serialize(o)}, \"action\": {JsonSerializer.Serialize(actions[k])}}}");
        return "{\n  \"model\": \"tiny-lander.onnx\",\n  \"tolerance\": 1e-5,\n  \"cases\": [\n"
               + string.Join(",\n", lines) + "\n  ]\n}\n";
    }
}
