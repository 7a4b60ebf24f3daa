// `drl-train attach`: turns an ONNX policy trained elsewhere (PyTorch's torch.onnx.export, Stable-Baselines3, an
// onnx.helper graph) into a DrlRobot policy file. The foreign graph is kept as it is; around it go an input `obs`
// [batch, n_obs] in contract units (with the policy's own observation normalisation baked in, when given), an output
// `action` [batch, n_act] in actuator units clipped to the contract's ranges (scaled from [-1, 1] when asked; a
// discrete policy's scores become the contract's action rows), the robot contract and a training record that says
// where the file came from. External weight files are folded in, so one file travels to the robot.
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Export.Onnx;
using Google.Protobuf;

namespace DrlRobot.Trainer.Attach;

/// <summary>What the foreign policy's action output means.</summary>
public enum ActionSpace
{
    /// <summary>Actuator values in the contract's units (clipped to each actuator's range).</summary>
    Actuator,

    /// <summary>Values in [-1, 1] (SB3's squashed or normalised actions), scaled to each actuator's [low, high].</summary>
    Unit,
}

/// <summary>How to wrap the foreign graph.</summary>
public sealed record AttachOptions
{
    /// <summary>The contract the file will carry (the env's, or a robot's).</summary>
    public required RobotContract Contract { get; init; }

    /// <summary>The foreign graph's observation input; null takes its only input.</summary>
    public string? Input { get; init; }

    /// <summary>The foreign graph's action output; null takes its only output.</summary>
    public string? Output { get; init; }

    /// <summary>Observation statistics to apply before the foreign graph (SB3 VecNormalize).</summary>
    public ObservationNormalizer? Normalizer { get; init; }

    /// <summary>What the foreign output's values mean (continuous contracts).</summary>
    public ActionSpace ActionSpace { get; init; } = ActionSpace.Actuator;
}

/// <summary>Rewrites a foreign ONNX model into DrlRobot's layout.</summary>
public static class ForeignPolicy
{
    /// <summary>The oldest default-domain opset attach accepts: Clip takes its bounds as inputs from opset 11 on.</summary>
    public const long MinOpset = 11;

    private const string Prefix = "drlrobot_";

    /// <summary>
    /// The DrlRobot policy file for the foreign model at <paramref name="path"/>. Throws <see cref="InvalidDataException"/>
    /// (one line naming the file and what to pass) when the model cannot be read or does not fit the contract.
    /// </summary>
    public static byte[] Attach(string path, AttachOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RobotContract contract = options.Contract;
        byte[] bytes = File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException($"foreign model not found: {path}");
        string name = Path.GetFileName(path);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{name}: not an ONNX model ({e.Message.TrimEnd('.')})", e);
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
        {
            throw new InvalidDataException($"{name}: not an ONNX model (no graph)");
        }
        long opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset < MinOpset)
        {
            throw new InvalidDataException($"{name}: opset {opset}; attach needs opset {MinOpset} or newer (torch.onnx.export(..., opset_version=17))");
        }
        GraphProto graph = model.Graph;
        InlineExternalData(graph, Path.GetDirectoryName(Path.GetFullPath(path))!, name);

        ValueInfoProto input = PickInput(graph, options.Input, name);
        ValueInfoProto output = PickOutput(graph, options.Output, name);
        CheckInput(input, contract, name);
        bool discrete = contract.ActionKind == ActionKind.Discrete;
        bool indexOutput = CheckOutput(output, contract, discrete, name);
        if (options.Normalizer is { } n && n.Mean.Length != contract.Observations.Count)
        {
            throw new InvalidDataException($"--normalizer: {n.Mean.Length} statistics, the {contract.EnvId} contract has {contract.Observations.Count} observations");
        }

        // The foreign tensors keep their names, unless one is named as ours (its input, its output or anything inside):
        // that one moves aside first.
        string foreignIn = input.Name, foreignOut = output.Name;
        foreach (string ours in new[] { OnnxPolicyExporter.ObservationInput, OnnxPolicyExporter.ActionOutput })
        {
            if (TensorNames(graph).Contains(ours))
            {
                string aside = Rename(graph, ours, Prefix + "foreign_" + ours);
                foreignIn = foreignIn == ours ? aside : foreignIn;
                foreignOut = foreignOut == ours ? aside : foreignOut;
            }
        }
        graph.Input.Remove(graph.Input.Single(i => i.Name == foreignIn));
        graph.Output.Clear();

        var front = new OnnxGraphBuilder(graph.Name);
        string obs = front.Input(OnnxPolicyExporter.ObservationInput, contract.Observations.Count, "observations in the contract's units and order");
        front.Node("Identity", foreignIn, [Normalise(front, options.Normalizer, obs)]);
        var back = new OnnxGraphBuilder(graph.Name);
        if (discrete)
        {
            // Scores pick the row by ArgMax; an index (any integer type, [batch] or [batch, 1]) is flattened and used as it is.
            string index = indexOutput
                ? back.Node("Cast", Prefix + "action_index", [back.Node("Reshape", Prefix + "action_index_flat", [foreignOut, back.Int64Constant(Prefix + "flat_shape", [-1])])],
                            OnnxGraphBuilder.IntAttribute("to", (long)TensorProto.Types.DataType.Int64))
                : back.Node("ArgMax", Prefix + "action_index", [foreignOut], OnnxGraphBuilder.IntAttribute("axis", 1), OnnxGraphBuilder.IntAttribute("keepdims", 0));
            string table = back.Table(Prefix + "discrete_table", [.. contract.DiscreteActions.Select(r => r.ToArray())]);
            back.Node("Gather", OnnxPolicyExporter.ActionOutput, [table, index], OnnxGraphBuilder.IntAttribute("axis", 0));
        }
        else
        {
            ScaleAndClip(back, contract, foreignOut, options.ActionSpace);
        }
        back.Output(OnnxPolicyExporter.ActionOutput, contract.Actuators.Count, "actuator commands in the contract's units, clipped to [low, high]");

        // Nodes in order: ours before, theirs, ours after; initializers and the one input/output declared. ONNX
        // Runtime wants node names unique, and the foreign graph's may be anything: ours carry the prefix.
        foreach (NodeProto node in front.Graph.Node.Concat(back.Graph.Node))
        {
            node.Name = node.Name.StartsWith(Prefix, StringComparison.Ordinal) ? node.Name : Prefix + node.Name;
        }
        var nodes = front.Graph.Node.Concat(graph.Node).Concat(back.Graph.Node).ToList();
        graph.Node.Clear();
        graph.Node.Add(nodes);
        graph.Initializer.Add(front.Graph.Initializer);
        graph.Initializer.Add(back.Graph.Initializer);
        graph.Input.Insert(0, front.Graph.Input[0]);
        graph.Output.Add(back.Graph.Output[0]);

        foreach (StringStringEntryProto entry in model.MetadataProps.Where(e => e.Key.StartsWith("drlrobot.", StringComparison.Ordinal)).ToList())
        {
            model.MetadataProps.Remove(entry);
        }
        model.MetadataProps.Add(new StringStringEntryProto { Key = OnnxPolicyExporter.FormatKey, Value = OnnxPolicyExporter.FormatVersion.ToString(CultureInfo.InvariantCulture) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = OnnxPolicyExporter.ContractKey, Value = ContractJson.Serialize(contract) });
        model.MetadataProps.Add(new StringStringEntryProto { Key = OnnxPolicyExporter.TrainingKey, Value = Record(model, bytes, name, input.Name, output.Name, options) });
        if (model.CalculateSize() > int.MaxValue - 1024)
        {
            throw new InvalidDataException($"{name}: with its external weights folded in it exceeds the 2 GB an ONNX file can hold");
        }
        return model.ToByteArray();
    }

    private static string Record(ModelProto model, byte[] bytes, string name, string input, string output, AttachOptions options)
    {
        var record = new Dictionary<string, object?>
        {
            ["source"] = "drl-train attach",
            ["env"] = options.Contract.EnvId,
            ["env_version"] = options.Contract.EnvVersion,
            ["foreign_file"] = name,
            ["foreign_sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ["foreign_producer"] = $"{model.ProducerName} {model.ProducerVersion}".Trim(),
            ["foreign_input"] = input,
            ["foreign_output"] = output,
            ["normalizer"] = options.Normalizer is null ? null : "baked in",
            ["action_space"] = options.Contract.ActionKind == ActionKind.Discrete ? "discrete" : options.ActionSpace.ToString().ToLowerInvariant(),
        };
        return JsonSerializer.Serialize(record);
    }

    private static ValueInfoProto PickInput(GraphProto graph, string? wanted, string name)
    {
        // Older exporters list the weights among the inputs too; those have initializers.
        var weights = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        List<ValueInfoProto> inputs = [.. graph.Input.Where(i => !weights.Contains(i.Name))];
        if (wanted is not null)
        {
            return inputs.FirstOrDefault(i => i.Name == wanted)
                   ?? throw new InvalidDataException($"--input {wanted}: {name} has no such input (it has {List(inputs)})");
        }
        return inputs.Count == 1 ? inputs[0]
            : throw new InvalidDataException($"{name} has {inputs.Count} inputs ({List(inputs)}); name the observation input with --input NAME");
    }

    private static ValueInfoProto PickOutput(GraphProto graph, string? wanted, string name)
    {
        if (wanted is not null)
        {
            return graph.Output.FirstOrDefault(o => o.Name == wanted)
                   ?? throw new InvalidDataException($"--output {wanted}: {name} has no such output (it has {List(graph.Output)})");
        }
        // Several outputs (SB3's actions, values, log_prob) are never guessed between: the wrong one would fly.
        return graph.Output.Count == 1 ? graph.Output[0]
            : throw new InvalidDataException($"{name} has {graph.Output.Count} outputs ({List(graph.Output)}); name the action output with --output NAME");
    }

    private static void CheckInput(ValueInfoProto input, RobotContract contract, string name)
    {
        int n = contract.Observations.Count;
        TypeProto.Types.Tensor? tensor = input.Type?.TensorType;
        if (tensor is null || tensor.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidDataException($"{name}: input '{input.Name}' is {ElementName(tensor)}, not float32; export the policy with float32 observations");
        }
        if (tensor.Shape is { } shape && (shape.Dim.Count != 2 || Fixed(shape.Dim[1]) is long w && w != n || Fixed(shape.Dim[0]) is long b && b != 1))
        {
            throw new InvalidDataException($"{name}: input '{input.Name}' has shape {Shape(shape)}; the {contract.EnvId} contract needs [batch, {n}] " +
                                           $"({n} observations: {string.Join(", ", contract.Observations.Select(o => o.Name))})");
        }
    }

    // True when the output is a discrete policy's action index rather than scores.
    private static bool CheckOutput(ValueInfoProto output, RobotContract contract, bool discrete, string name)
    {
        TypeProto.Types.Tensor? tensor = output.Type?.TensorType;
        int width = discrete ? contract.DiscreteActions.Count : contract.Actuators.Count;
        string what = discrete ? $"{width} scores, one per discrete action" : $"{width} actuators: {string.Join(", ", contract.Actuators.Select(a => a.Name))}";
        if (discrete && tensor is { ElemType: (int)TensorProto.Types.DataType.Int64 or (int)TensorProto.Types.DataType.Int32 })
        {
            if (tensor.Shape is { } indexShape && (indexShape.Dim.Count is 0 or > 2 || indexShape.Dim.Count == 2 && Fixed(indexShape.Dim[1]) is long c && c != 1))
            {
                throw new InvalidDataException($"{name}: output '{output.Name}' is an index of shape {Shape(indexShape)}; an action index must be [batch] or [batch, 1]");
            }
            return true;
        }
        if (tensor is null || tensor.ElemType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidDataException($"{name}: output '{output.Name}' is {ElementName(tensor)}, not float32" +
                                           (discrete ? " scores or an int64 action index" : ""));
        }
        if (tensor.Shape is { } shape && (shape.Dim.Count != 2 || Fixed(shape.Dim[1]) is long w && w != width))
        {
            throw new InvalidDataException($"{name}: output '{output.Name}' has shape {Shape(shape)}; the {contract.EnvId} contract needs [batch, {width}] ({what})");
        }
        return false;
    }

    private static string Normalise(OnnxGraphBuilder g, ObservationNormalizer? normalizer, string obs)
    {
        if (normalizer is null)
        {
            return obs;
        }
        int n = normalizer.Mean.Length;
        float[] std = [.. normalizer.Var.Select(v => MathF.Sqrt(v + normalizer.Epsilon))];
        if (std.Any(s => !(s > 0)))
        {
            throw new InvalidDataException("--normalizer: a variance of 0 with epsilon 0 divides by zero; give epsilon > 0");
        }
        string centred = g.Node("Sub", Prefix + "obs_centred", [obs, g.Constant(Prefix + "obs_mean", normalizer.Mean, n)]);
        string scaled = g.Node("Div", Prefix + "obs_scaled", [centred, g.Constant(Prefix + "obs_std", std, n)]);
        return normalizer.Clip is float clip
            ? g.Node("Clip", Prefix + "obs_normalised", [scaled, g.Constant(Prefix + "obs_clip_low", [-clip]), g.Constant(Prefix + "obs_clip_high", [clip])])
            : scaled;
    }

    private static void ScaleAndClip(OnnxGraphBuilder g, RobotContract contract, string x, ActionSpace space)
    {
        int n = contract.Actuators.Count;
        float[] low = [.. contract.Actuators.Select(a => a.Low)], high = [.. contract.Actuators.Select(a => a.High)];
        if (space == ActionSpace.Unit)
        {
            string unit = g.Node("Clip", Prefix + "action_unit", [x, g.Constant(Prefix + "unit_low", [-1f]), g.Constant(Prefix + "unit_high", [1f])]);
            string stretched = g.Node("Mul", Prefix + "action_stretched", [unit, g.Constant(Prefix + "action_half_range", [.. low.Zip(high, (l, h) => (h - l) * 0.5f)], n)]);
            x = g.Node("Add", Prefix + "action_scaled", [stretched, g.Constant(Prefix + "action_middle", [.. low.Zip(high, (l, h) => (h + l) * 0.5f)], n)]);
        }
        // The supervisor clamps as well; the file clamps itself so that it means the same under any runtime.
        string aboveLow = g.Node("Max", Prefix + "action_above_low", [x, g.Constant(Prefix + "action_low", low, n)]);
        g.Node("Min", OnnxPolicyExporter.ActionOutput, [aboveLow, g.Constant(Prefix + "action_high", high, n)]);
    }

    // Weights that PyTorch (over 2 GB) or onnx.save_as_external_data wrote beside the model go into the file itself.
    private static void InlineExternalData(GraphProto graph, string folder, string name)
    {
        foreach (TensorProto tensor in graph.Initializer.Where(t => t.DataLocation == TensorProto.Types.DataLocation.External))
        {
            Dictionary<string, string> info = tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
            if (!info.TryGetValue("location", out string? location) || Path.IsPathRooted(location) || location.Split('/', '\\').Contains(".."))
            {
                throw new InvalidDataException($"{name}: initializer '{tensor.Name}' names external data outside the model's folder ({location ?? "no location"})");
            }
            string file = Path.Combine(folder, location);
            if (!File.Exists(file))
            {
                throw new InvalidDataException($"{name}: initializer '{tensor.Name}' keeps its weights in {location}, which is not beside the model");
            }
            long offset = info.TryGetValue("offset", out string? o) ? long.Parse(o, CultureInfo.InvariantCulture) : 0;
            using FileStream stream = File.OpenRead(file);
            long length = info.TryGetValue("length", out string? l) ? long.Parse(l, CultureInfo.InvariantCulture) : stream.Length - offset;
            if (offset < 0 || length < 0 || offset + length > stream.Length || length > int.MaxValue)
            {
                throw new InvalidDataException($"{name}: initializer '{tensor.Name}': {location} is shorter than the {length} bytes at offset {offset} it should hold");
            }
            var data = new byte[length];
            stream.Position = offset;
            stream.ReadExactly(data);
            tensor.RawData = ByteString.CopyFrom(data);
            tensor.ExternalData.Clear();
            tensor.DataLocation = TensorProto.Types.DataLocation.Default;
        }
    }

    private static HashSet<string> TensorNames(GraphProto graph) =>
        [.. graph.Node.SelectMany(n => n.Input.Concat(n.Output)), .. graph.Initializer.Select(t => t.Name),
         .. graph.Input.Concat(graph.Output).Concat(graph.ValueInfo).Select(v => v.Name)];

    // Renames a tensor everywhere the top-level graph mentions it, and returns the new name.
    private static string Rename(GraphProto graph, string from, string to)
    {
        foreach (TensorProto tensor in graph.Initializer.Where(t => t.Name == from))
        {
            tensor.Name = to;
        }
        foreach (NodeProto node in graph.Node)
        {
            for (int i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == from) node.Input[i] = to;
            }
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == from) node.Output[i] = to;
            }
        }
        foreach (ValueInfoProto value in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo).Where(v => v.Name == from))
        {
            value.Name = to;
        }
        return to;
    }

    private static long? Fixed(TensorShapeProto.Types.Dimension dim) => dim.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? dim.DimValue : null;

    private static string Shape(TensorShapeProto shape) =>
        "[" + string.Join(", ", shape.Dim.Select(d => Fixed(d) is long v ? v.ToString(CultureInfo.InvariantCulture) : d.DimParam is { Length: > 0 } p ? p : "?")) + "]";

    private static string ElementName(TypeProto.Types.Tensor? tensor) =>
        tensor is null ? "not a tensor" : ((TensorProto.Types.DataType)tensor.ElemType).ToString().ToLowerInvariant();

    private static string List(IEnumerable<ValueInfoProto> values) => string.Join(", ", values.Select(v => $"'{v.Name}'"));
}
