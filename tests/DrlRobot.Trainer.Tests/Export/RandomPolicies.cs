// Random but valid policies and matching contracts for the exporter tests: random sizes, ranges, weights and
// normalisers, with final weights large enough that clipping and squashing are exercised.
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Export;

namespace DrlRobot.Trainer.Tests.Export;

internal static class RandomPolicies
{
    public const string TrainingJson = """{"algorithm":"test","steps":0,"seed":1,"wall_seconds":0.5,"evaluation":{"mean_return":-1.5,"success_rate":0}}""";

    /// <summary>A random contract and a policy graph that fits it; <paramref name="actuatorRange"/> gives every actuator one range.</summary>
    public static (PolicyGraph Graph, RobotContract Contract) Create(ActionHead head, int seed, bool withLogStd = false,
                                                                     float obsClip = 3f, int[]? hidden = null,
                                                                     (float Low, float High)? actuatorRange = null)
    {
        var rng = new Random(seed);
        int nObs = rng.Next(3, 11);
        int nAct = rng.Next(1, 5);
        var observations = new ObservationSpec[nObs];
        var mean = new float[nObs];
        var std = new float[nObs];
        for (int i = 0; i < nObs; i++)
        {
            float low = -(0.5f + 5f * rng.NextSingle());
            float high = low + 1f + 10f * rng.NextSingle();
            observations[i] = new ObservationSpec($"o{i}", i % 2 == 0 ? "m" : "rad/s", low, high);
            mean[i] = 0.5f * (low + high) + 0.2f * (high - low) * (rng.NextSingle() - 0.5f);
            std[i] = 0.25f * (high - low) * (0.5f + rng.NextSingle());
        }
        var actuators = new ActuatorSpec[nAct];
        for (int j = 0; j < nAct; j++)
        {
            float low = -3f * rng.NextSingle();
            float high = low + 0.5f + 3f * rng.NextSingle();
            (low, high) = actuatorRange ?? (low, high);
            actuators[j] = new ActuatorSpec($"a{j}", (ActuatorKind)(j % 3), "1", low, high, Math.Clamp(0f, low, high));
        }

        float[][]? table = null;
        int outputs = nAct;
        if (head == ActionHead.Argmax)
        {
            table = new float[rng.Next(3, 7)][];
            for (int r = 0; r < table.Length; r++)
            {
                table[r] = actuators.Select(a => a.Low + (a.High - a.Low) * rng.NextSingle()).ToArray();
            }
            outputs = table.Length;
        }

        int[] widths = [nObs, .. hidden ?? [rng.Next(8, 65), rng.Next(8, 65)], outputs];
        var layers = new List<DenseLayer>();
        for (int l = 0; l + 1 < widths.Length; l++)
        {
            bool last = l + 2 == widths.Length;
            layers.Add(Dense(rng, widths[l], widths[l + 1], last ? 2f : 1f,
                             last ? Activation.None : (Activation)rng.Next(1, 3)));
        }

        var contract = new RobotContract
        {
            EnvId = $"random-{seed}",
            EnvVersion = 3,
            ControlHz = 50,
            ActionKind = head == ActionHead.Argmax ? ActionKind.Discrete : ActionKind.Continuous,
            Observations = observations,
            Actuators = actuators,
            DiscreteActions = table is null ? [] : table.Select(r => (IReadOnlyList<float>)r.ToArray()).ToArray(),
        };
        var graph = new PolicyGraph
        {
            ObsMean = mean,
            ObsStd = std,
            ObsClip = obsClip,
            Layers = layers,
            Head = head,
            ActionLow = actuators.Select(a => a.Low).ToArray(),
            ActionHigh = actuators.Select(a => a.High).ToArray(),
            DiscreteTable = table,
            LogStd = withLogStd ? Enumerable.Range(0, nAct).Select(_ => -2f + 2.5f * rng.NextSingle()).ToArray() : null,
        };
        return (graph, contract);
    }

    /// <summary>A layer initialised like torch.nn.Linear (uniform ±1/√In), times <paramref name="gain"/>.</summary>
    public static DenseLayer Dense(Random rng, int inputs, int outputs, float gain, Activation activation)
    {
        float bound = gain / MathF.Sqrt(inputs);
        float[] weight = Enumerable.Range(0, inputs * outputs).Select(_ => bound * (2f * rng.NextSingle() - 1f)).ToArray();
        float[] bias = Enumerable.Range(0, outputs).Select(_ => bound * (2f * rng.NextSingle() - 1f)).ToArray();
        return new DenseLayer(inputs, outputs, weight, bias, activation);
    }

    /// <summary>Observations drawn uniformly over each declared range widened by a quarter on both sides.</summary>
    public static float[] Observations(RobotContract contract, int count, Random rng)
    {
        int n = contract.Observations.Count;
        var obs = new float[count * n];
        for (int k = 0; k < count; k++)
        {
            for (int i = 0; i < n; i++)
            {
                ObservationSpec o = contract.Observations[i];
                float span = o.High - o.Low;
                obs[k * n + i] = o.Low - 0.25f * span + 1.5f * span * rng.NextSingle();
            }
        }
        return obs;
    }

    /// <summary>Standard normal samples (Box–Muller).</summary>
    public static float[] Normal(int count, Random rng)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            values[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
        return values;
    }
}
