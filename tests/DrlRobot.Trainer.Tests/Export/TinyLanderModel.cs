// Generates the small exported policies the runtime tests ship (they cannot reference the trainer): random weights
// for the lander's 8 observations and 2 thrusters, as a Clip-head policy, its stochastic variant and a discrete
// (Argmax) policy, with the reference actions for a set of observations beside them.
using System.Text.Json;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Export;

namespace DrlRobot.Trainer.Tests.Export;

/// <summary>One shipped test model: what it is built from and where it and its expected actions live.</summary>
internal sealed record TinyModel(string FileName, RobotContract Contract, PolicyGraph Graph, bool Stochastic, string ExpectedFileName)
{
    public string ModelPath => Path.Combine(TinyLanderModel.Directory, FileName);

    public string ExpectedPath => Path.Combine(TinyLanderModel.Directory, ExpectedFileName);

    public byte[] Build() => OnnxPolicyExporter.Build(Graph, Contract, TinyLanderModel.TrainingJson, Stochastic);

    public override string ToString() => FileName;
}

internal static class TinyLanderModel
{
    public const int Seed = 2026;

    public static string Directory => Path.Combine(TestPaths.RepoRoot, "tests", "DrlRobot.Runtime.Tests", "Models");

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

    /// <summary>The discrete lander: nothing, left booster, main engine, right booster, as actuator vectors.</summary>
    public static RobotContract DiscreteContract { get; } = Contract with
    {
        ActionKind = ActionKind.Discrete,
        DiscreteActions = [[0f, 0f], [0f, -1f], [1f, 0f], [0f, 1f]],
    };

    public static TinyModel Continuous { get; } = new("tiny-lander.onnx", Contract, Graph(Contract), false, "tiny-lander.expected.json");

    /// <summary>The same policy as the stochastic variant: with zero noise it gives the same actions.</summary>
    public static TinyModel Stochastic { get; } = Continuous with { FileName = "tiny-lander-stochastic.onnx", Stochastic = true };

    public static TinyModel Discrete { get; } =
        new("tiny-lander-discrete.onnx", DiscreteContract, Graph(DiscreteContract), false, "tiny-lander-discrete.expected.json");

    public static IEnumerable<TinyModel> All => [Continuous, Stochastic, Discrete];

    private static PolicyGraph Graph(RobotContract contract)
    {
        var rng = new Random(Seed);
        IReadOnlyList<ObservationSpec> obs = contract.Observations;
        bool discrete = contract.ActionKind == ActionKind.Discrete;
        int outputs = discrete ? contract.DiscreteActions.Count : contract.Actuators.Count;
        return new PolicyGraph
        {
            ObsMean = obs.Select(o => 0.1f * (o.High - o.Low) * (rng.NextSingle() - 0.5f) + 0.5f * (o.Low + o.High)).ToArray(),
            ObsStd = obs.Select(o => 0.25f * (o.High - o.Low) * (0.5f + rng.NextSingle())).ToArray(),
            ObsClip = 5f,
            Layers =
            [
                RandomPolicies.Dense(rng, 8, 16, 1f, Activation.Tanh),
                RandomPolicies.Dense(rng, 16, 16, 1f, discrete ? Activation.Relu : Activation.Tanh),
                RandomPolicies.Dense(rng, 16, outputs, 3f, Activation.None),
            ],
            Head = discrete ? ActionHead.Argmax : ActionHead.Clip,
            ActionLow = contract.Actuators.Select(a => a.Low).ToArray(),
            ActionHigh = contract.Actuators.Select(a => a.High).ToArray(),
            DiscreteTable = discrete ? contract.DiscreteActions.Select(r => r.ToArray()).ToArray() : null,
            LogStd = discrete ? null : [-0.5f, -1f],
        };
    }

    /// <summary>
    /// Observations across (and a little beyond) the declared ranges, and the reference action of each. For the
    /// discrete policy, observations whose two best logits nearly tie are skipped: either row would be right there.
    /// </summary>
    public static (float[][] Observations, float[][] Actions) Cases(TinyModel model)
    {
        var rng = new Random(Seed + 1);
        RobotContract c = model.Contract;
        IEnumerable<float[]> candidates =
        [
            c.Observations.Select(o => o.Low).ToArray(),
            c.Observations.Select(o => o.High).ToArray(),
            c.Observations.Select(o => 0.5f * (o.Low + o.High)).ToArray(),
            .. Enumerable.Range(0, 61).Select(_ => RandomPolicies.Observations(c, 1, rng)),
        ];
        float[][] observations = candidates
            .Where(o => model.Graph.Head != ActionHead.Argmax || ReferencePolicy.ArgMaxMargin(ReferencePolicy.NetworkOutput(model.Graph, o)) > 1e-3f)
            .ToArray();
        return (observations, observations.Select(o => ReferencePolicy.Act(model.Graph, o)).ToArray());
    }

    /// <summary>One case per line, so a diff of the file shows which cases changed.</summary>
    public static string ExpectedJson(TinyModel model)
    {
        (float[][] observations, float[][] actions) = Cases(model);
        IEnumerable<string> lines = observations.Select((o, k) =>
            $"    {{\"obs\": {JsonSerializer.Serialize(o)}, \"action\": {JsonSerializer.Serialize(actions[k])}}}");
        return $"{{\n  \"model\": \"{model.FileName}\",\n  \"tolerance\": 1e-5,\n  \"cases\": [\n"
               + string.Join(",\n", lines) + "\n  ]\n}\n";
    }
}
