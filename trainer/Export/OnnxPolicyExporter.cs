// Writes a PolicyGraph as one self-describing ONNX file: normalisation, network, action head, scaling to actuator
// units and clipping are all inside the graph, and the robot contract and training record ride in metadata_props,
// so nothing else has to travel with the file to the robot.
using System.Globalization;
using System.Text.Json;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Export.Onnx;
using Google.Protobuf;

namespace DrlRobot.Trainer.Export;

/// <summary>Exports policies to ONNX (IR 8, opset 17, standard operators only, so Netron and ONNX Runtime open them).</summary>
public static class OnnxPolicyExporter
{
    /// <summary>Version of DrlRobot's file layout (names, shapes, metadata keys); the runtime refuses newer ones.</summary>
    public const int FormatVersion = 1;

    /// <summary>ONNX IR version written: 8 is read by ONNX Runtime 1.14 and later.</summary>
    public const long IrVersion = 8;

    /// <summary>Standard operator set version written.</summary>
    public const long Opset = 17;

    /// <summary>Name of the observation input, float32 [batch, n_obs].</summary>
    public const string ObservationInput = "obs";

    /// <summary>Name of the noise input of the stochastic variant, float32 [batch, n_act].</summary>
    public const string NoiseInput = "noise";

    /// <summary>Name of the action output, float32 [batch, n_act].</summary>
    public const string ActionOutput = "action";

    /// <summary>Metadata key of <see cref="FormatVersion"/>.</summary>
    public const string FormatKey = "drlrobot.format";

    /// <summary>Metadata key of the robot contract (JSON).</summary>
    public const string ContractKey = "drlrobot.contract";

    /// <summary>Metadata key of the training record (JSON).</summary>
    public const string TrainingKey = "drlrobot.training";

    /// <summary>
    /// Writes the model to <paramref name="path"/> atomically: a temporary file beside it is renamed over it, so a
    /// crash never leaves a half-written policy where a robot would load it.
    /// </summary>
    public static void Write(string path, PolicyGraph graph, RobotContract contract, string trainingJson, bool stochastic = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = Build(graph, contract, trainingJson, stochastic);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// The serialised ModelProto. Throws <see cref="ArgumentException"/> naming the field when the graph cannot be
    /// expressed, disagrees with the contract, or the training record is not a JSON object.
    /// </summary>
    public static byte[] Build(PolicyGraph graph, RobotContract contract, string trainingJson, bool stochastic = false)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(contract);
        graph.Validate();
        ValidateContract(graph, contract);
        ValidateTraining(trainingJson);
        if (stochastic && graph.LogStd is null)
        {
            throw new ArgumentException("logStd: the stochastic variant needs a log standard deviation per action");
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "drlrobot",
            ProducerVersion = FormatVersion.ToString(CultureInfo.InvariantCulture),
            Domain = "org.drlrobot",
            ModelVersion = 1,
            DocString = $"DrlRobot policy for {contract.EnvId} v{contract.EnvVersion}: {ObservationInput} [batch, {graph.NumObservations}] "
                        + $"in contract units -> {ActionOutput} [batch, {graph.NumActions}] in actuator units, clipped to range.",
            Graph = BuildGraph(graph, contract, stochastic),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.Add(new StringStringEntryProto { Key = FormatKey, Value = FormatVersion.ToString(CultureInfo.InvariantCulture) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = ContractKey, Value = ContractJson.Serialize(contract) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = TrainingKey, Value = trainingJson });
        return model.ToByteArray();
    }

    private static GraphProto BuildGraph(PolicyGraph graph, RobotContract contract, bool stochastic)
    {
        var g = new OnnxGraphBuilder($"{contract.EnvId}_policy");
        int nObs = graph.NumObservations, nAct = graph.NumActions;

        string x = g.Input(ObservationInput, nObs, "observations in the contract's units and order");
        x = Normalise(g, graph, x);
        for (int i = 0; i < graph.Layers.Count; i++)
        {
            x = Dense(g, graph.Layers[i], $"layers.{i}", x);
        }

        if (graph.Head == ActionHead.Argmax)
        {
            // The table already holds actuator vectors inside the range, so no scaling or clipping follows.
            string index = g.Node("ArgMax", "action_index", [x],
                OnnxGraphBuilder.IntAttribute("axis", 1), OnnxGraphBuilder.IntAttribute("keepdims", 0));
            string table = g.Table("discrete_table", graph.DiscreteTable!);
            g.Node("Gather", ActionOutput, [table, index], OnnxGraphBuilder.IntAttribute("axis", 0));
        }
        else
        {
            if (stochastic)
            {
                string noise = g.Input(NoiseInput, nAct, "standard normal noise; zeros give the deterministic action");
                float[] std = graph.LogStd!.Select(MathF.Exp).ToArray();
                string scaled = g.Node("Mul", "action_noise", [noise, g.Constant("action_std", std, nAct)]);
                x = g.Node("Add", "action_sample", [x, scaled]);
            }
            bool unitRange = graph.ActionLow.All(l => l == -1f) && graph.ActionHigh.All(h => h == 1f);
            if (unitRange && graph.Head == ActionHead.Clip)
            {
                // [-1, 1] is already the actuator range: scaling is the identity and one Clip does both clips.
                g.Node("Clip", ActionOutput, [x, g.Constant("action_low", [-1f]), g.Constant("action_high", [1f])]);
            }
            else
            {
                string unit = graph.Head == ActionHead.Tanh
                    ? g.Node("Tanh", "action_unit", [x])
                    : g.Node("Clip", "action_unit", [x, g.Constant("unit_low", [-1f]), g.Constant("unit_high", [1f])]);
                ScaleAndClip(g, graph, unit, unitRange);
            }
        }
        g.Output(ActionOutput, nAct, "actuator commands in the contract's units, clipped to [low, high]");
        return g.Graph;
    }

    private static string Normalise(OnnxGraphBuilder g, PolicyGraph graph, string obs)
    {
        int n = graph.NumObservations;
        string centred = g.Node("Sub", "obs_centred", [obs, g.Constant("obs_mean", graph.ObsMean, n)]);
        string scaled = g.Node("Div", "obs_scaled", [centred, g.Constant("obs_std", graph.ObsStd, n)]);
        if (float.IsPositiveInfinity(graph.ObsClip))
        {
            return scaled;
        }
        return g.Node("Clip", "obs_normalised",
            [scaled, g.Constant("obs_clip_low", [-graph.ObsClip]), g.Constant("obs_clip_high", [graph.ObsClip])]);
    }

    private static string Dense(OnnxGraphBuilder g, DenseLayer layer, string prefix, string x)
    {
        // Gemm with transB = 1 takes torch's [Out, In] weight as it is.
        string weight = g.Constant($"{prefix}.weight", layer.Weight, layer.Out, layer.In);
        string bias = g.Constant($"{prefix}.bias", layer.Bias, layer.Out);
        string linear = g.Node("Gemm", $"{prefix}.linear", [x, weight, bias], OnnxGraphBuilder.IntAttribute("transB", 1));
        return layer.Activation switch
        {
            Activation.Tanh => g.Node("Tanh", $"{prefix}.tanh", [linear]),
            Activation.Relu => g.Node("Relu", $"{prefix}.relu", [linear]),
            _ => linear,
        };
    }

    /// <summary>
    /// [-1, 1] → [low, high] as u · (high − low)/2 + (high + low)/2, then clipped to [low, high]. Every node costs
    /// ONNX Runtime a fraction of a microsecond per tick, so identities are left out: no Mul/Add when the range is
    /// [-1, 1], and one scalar Clip instead of per-actuator Max/Min when all actuators share one range.
    /// </summary>
    private static void ScaleAndClip(OnnxGraphBuilder g, PolicyGraph graph, string unit, bool unitRange)
    {
        int n = graph.NumActions;
        string scaled = unit;
        if (!unitRange)
        {
            var halfRange = new float[n];
            var middle = new float[n];
            for (int i = 0; i < n; i++)
            {
                halfRange[i] = (graph.ActionHigh[i] - graph.ActionLow[i]) * 0.5f;
                middle[i] = (graph.ActionHigh[i] + graph.ActionLow[i]) * 0.5f;
            }
            string stretched = g.Node("Mul", "action_stretched", [unit, g.Constant("action_half_range", halfRange, n)]);
            scaled = g.Node("Add", "action_scaled", [stretched, g.Constant("action_middle", middle, n)]);
        }
        float low = graph.ActionLow[0], high = graph.ActionHigh[0];
        if (graph.ActionLow.All(l => l == low) && graph.ActionHigh.All(h => h == high))
        {
            g.Node("Clip", ActionOutput, [scaled, g.Constant("action_low", [low]), g.Constant("action_high", [high])]);
            return;
        }
        // Clip's bounds are scalars in opset 17; Max and Min broadcast one bound per actuator.
        string aboveLow = g.Node("Max", "action_above_low", [scaled, g.Constant("action_low", graph.ActionLow, n)]);
        g.Node("Min", ActionOutput, [aboveLow, g.Constant("action_high", graph.ActionHigh, n)]);
    }

    private static void ValidateContract(PolicyGraph graph, RobotContract contract)
    {
        try
        {
            contract.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"contract: {e.Message}", e);
        }
        string env = $"the contract ({contract.EnvId})";
        if (graph.NumObservations != contract.Observations.Count)
        {
            throw new ArgumentException($"obsMean: {graph.NumObservations} observations, {env} has {contract.Observations.Count}");
        }
        if (graph.NumActions != contract.Actuators.Count)
        {
            throw new ArgumentException($"actionLow: {graph.NumActions} actions, {env} has {contract.Actuators.Count} actuators");
        }
        for (int i = 0; i < graph.NumActions; i++)
        {
            ActuatorSpec a = contract.Actuators[i];
            if (graph.ActionLow[i] != a.Low || graph.ActionHigh[i] != a.High)
            {
                throw new ArgumentException(
                    $"actionLow[{i}]/actionHigh[{i}]: [{Format(graph.ActionLow[i])}, {Format(graph.ActionHigh[i])}] differs from {env} actuators[{i}] ({a.Name}) [{Format(a.Low)}, {Format(a.High)}]");
            }
        }
        bool discrete = graph.Head == ActionHead.Argmax;
        if (discrete != (contract.ActionKind == ActionKind.Discrete))
        {
            throw new ArgumentException($"head: {graph.Head} does not fit {env} whose action kind is {contract.ActionKind}");
        }
        if (discrete)
        {
            ValidateTableAgainstContract(graph.DiscreteTable!, contract, env);
        }
    }

    private static void ValidateTableAgainstContract(float[][] table, RobotContract contract, string env)
    {
        if (table.Length != contract.DiscreteActions.Count)
        {
            throw new ArgumentException($"discreteTable: {table.Length} rows, {env} has {contract.DiscreteActions.Count} discrete_actions");
        }
        for (int row = 0; row < table.Length; row++)
        {
            for (int j = 0; j < table[row].Length; j++)
            {
                if (table[row][j] != contract.DiscreteActions[row][j])
                {
                    throw new ArgumentException(
                        $"discreteTable[{row}][{j}]: {Format(table[row][j])} differs from {env} discrete_actions[{row}][{j}] {Format(contract.DiscreteActions[row][j])}");
                }
            }
        }
    }

    private static void ValidateTraining(string trainingJson)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(trainingJson ?? throw new ArgumentException("trainingJson: is null"));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"trainingJson: must be a JSON object, not {doc.RootElement.ValueKind}");
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"trainingJson: not valid JSON ({e.Message})", e);
        }
    }

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
