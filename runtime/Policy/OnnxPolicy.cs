// The exported policy run by ONNX Runtime on the device, set up for a control loop: one thread that never spins,
// input and output tensors over pinned buffers created once and bound once, and warm-up runs before the first tick,
// so that Act allocates no managed memory and its latency has no thread-pool tail.
using DrlRobot.Sim.Contracts;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DrlRobot.Runtime.Policy;

/// <summary>
/// An ONNX policy file loaded for single-observation inference. Not thread-safe: one control loop owns it.
/// A stochastic export (with a "noise" input) is run with zero noise, which gives its deterministic action.
/// </summary>
public sealed class OnnxPolicy : IPolicy
{
    /// <summary>Name of the observation input.</summary>
    public const string ObservationInput = "obs";

    /// <summary>Name of the optional noise input of stochastic exports.</summary>
    public const string NoiseInput = "noise";

    /// <summary>Name of the action output.</summary>
    public const string ActionOutput = "action";

    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly OrtIoBinding _binding;
    private readonly List<OrtValue> _values = [];
    private readonly float[] _observation;
    private readonly float[] _action;
    private bool _disposed;

    /// <summary>The external-data files the model's weights were read from (full paths), if any.</summary>
    public IReadOnlyList<string> ExternalDataPaths { get; }

    /// <summary>Loads, checks and warms up the policy at <paramref name="path"/>.</summary>
    /// <param name="path">An ONNX file written by drl-train export.</param>
    /// <param name="warmupRuns">Inference runs made before the constructor returns, so the first tick is not the slowest.</param>
    /// <exception cref="InvalidDataException">The file is missing, not ONNX, lacks metadata, or its inputs and outputs
    /// are not as documented; one line naming the file.</exception>
    public OnnxPolicy(string path, int warmupRuns = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRuns);
        byte[] model = PolicyFile.ReadBytes(path);
        Metadata = PolicyFile.Parse(model, path);
        int nObs = Metadata.Contract.Observations.Count, nAct = Metadata.Contract.Actuators.Count;

        // Weights in external-data files are found beside the model, as ONNX Runtime resolves them from its path.
        ExternalDataPaths = PolicyFile.ExternalDataPaths(path, Metadata);

        _options = CreateOptions();
        try
        {
            _session = ExternalDataPaths.Count > 0 ? new InferenceSession(path, _options) : new InferenceSession(model, _options);
        }
        catch (OnnxRuntimeException e)
        {
            _options.Dispose();
            throw new InvalidDataException($"{path}: ONNX Runtime cannot load the model: {Summary(e)}", e);
        }
        try
        {
            HasNoiseInput = CheckSignature(path, nObs, nAct);
            _observation = GC.AllocateArray<float>(nObs, pinned: true);
            _action = GC.AllocateArray<float>(nAct, pinned: true);
            _runOptions = new RunOptions();
            _binding = _session.CreateIoBinding();
            _binding.BindInput(ObservationInput, Tensor(_observation));
            if (HasNoiseInput)
            {
                _binding.BindInput(NoiseInput, Tensor(GC.AllocateArray<float>(nAct, pinned: true)));
            }
            _binding.BindOutput(ActionOutput, Tensor(_action));
            WarmUp(warmupRuns);
        }
        catch (OnnxRuntimeException e)
        {
            Dispose();
            throw new InvalidDataException($"{path}: ONNX Runtime cannot run the model: {Summary(e)}", e);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>What the file says about itself.</summary>
    public PolicyMetadata Metadata { get; }

    /// <inheritdoc />
    public RobotContract Contract => Metadata.Contract;

    /// <summary>Length of the observation span <see cref="Act"/> takes.</summary>
    public int ObservationCount => _observation.Length;

    /// <summary>Length of the action span <see cref="Act"/> fills.</summary>
    public int ActionCount => _action.Length;

    /// <summary>Whether the file is the stochastic variant (run here with zero noise).</summary>
    public bool HasNoiseInput { get; }

    /// <summary>Runs the policy on one observation; allocates nothing.</summary>
    /// <exception cref="ArgumentException">A span's length differs from the contract's.</exception>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (observation.Length != _observation.Length || action.Length != _action.Length)
        {
            ThrowSizeMismatch(observation.Length, action.Length);
        }
        observation.CopyTo(_observation);
        _session.RunWithBinding(_runOptions, _binding);
        _action.CopyTo(action);
    }

    /// <summary>Releases the session, the binding, the tensors and the options (every native handle).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _binding?.Dispose();
        _session?.Dispose();
        foreach (OrtValue value in _values)
        {
            value.Dispose();
        }
        _values.Clear();
        _runOptions?.Dispose();
        _options?.Dispose();
    }

    private static SessionOptions CreateOptions()
    {
        var options = new SessionOptions
        {
            // One thread, never spinning: a policy this small gains nothing from a pool, and spinning threads steal
            // the core the control loop runs on and add millisecond tails.
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            // Failures reach the user as one line through InvalidDataException, not as native log lines on stderr.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    /// <summary>Checks inputs and outputs are as ARCHITECTURE.md documents; returns whether the noise input exists.</summary>
    private bool CheckSignature(string path, int nObs, int nAct)
    {
        foreach (string name in _session.InputMetadata.Keys)
        {
            if (name is not (ObservationInput or NoiseInput))
            {
                throw new InvalidDataException($"{path}: unexpected input '{name}'; a DrlRobot policy takes '{ObservationInput}' (and optionally '{NoiseInput}')");
            }
        }
        if (!_session.InputMetadata.TryGetValue(ObservationInput, out NodeMetadata? obs))
        {
            throw new InvalidDataException($"{path}: no input '{ObservationInput}'");
        }
        CheckBatchedFloat(path, "input", ObservationInput, obs, nObs, "observations");
        bool hasNoise = _session.InputMetadata.TryGetValue(NoiseInput, out NodeMetadata? noise);
        if (hasNoise)
        {
            CheckBatchedFloat(path, "input", NoiseInput, noise!, nAct, "actuators");
        }
        if (_session.OutputMetadata.Count != 1 || !_session.OutputMetadata.TryGetValue(ActionOutput, out NodeMetadata? action))
        {
            throw new InvalidDataException(
                $"{path}: outputs are [{string.Join(", ", _session.OutputMetadata.Keys)}]; a DrlRobot policy has exactly '{ActionOutput}'");
        }
        CheckBatchedFloat(path, "output", ActionOutput, action, nAct, "actuators");
        return hasNoise;
    }

    private static void CheckBatchedFloat(string path, string kind, string name, NodeMetadata meta, int width, string what)
    {
        if (!meta.IsTensor || meta.ElementDataType != TensorElementType.Float)
        {
            throw new InvalidDataException($"{path}: {kind} '{name}' is {(meta.IsTensor ? meta.ElementDataType.ToString() : meta.OnnxValueType.ToString())}, not a float32 tensor");
        }
        int[] dims = meta.Dimensions;
        bool batchOk = dims.Length == 2 && (dims[0] == -1 || dims[0] == 1);
        if (!batchOk || dims[1] != width)
        {
            // A symbolic dimension is printed by its own name ("N", "batch_size"), an unnamed one as "?".
            string[] symbols = meta.SymbolicDimensions ?? [];
            string Dim(int i) => dims[i] >= 0 ? dims[i].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : i < symbols.Length && !string.IsNullOrEmpty(symbols[i]) ? symbols[i] : "?";
            throw new InvalidDataException(
                $"{path}: {kind} '{name}' has shape [{string.Join(", ", dims.Select((_, i) => Dim(i)))}], the contract needs [batch, {width}] ({width} {what})");
        }
    }

    /// <summary>
    /// ONNX Runtime's message without its error-code tag and C++ signatures, cut to one readable line; the full text
    /// is the inner exception, which `--verbose` prints.
    /// </summary>
    internal static string Summary(OnnxRuntimeException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string text = System.Text.RegularExpressions.Regex.Replace(e.Message.ReplaceLineEndings(" "), @"\s+", " ").Trim();
        text = System.Text.RegularExpressions.Regex.Replace(text, @"^\[ErrorCode:\w+\]\s*", "");
        // "… onnxruntime::Foo(const Bar&) …" and source locations say nothing to someone deploying a policy.
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\S*(onnxruntime|std)::\S*(\([^)]*\))?\s*", "");
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\S+\.(cc|cpp|h):\d+\s*", "");
        const int limit = 240;
        return text.Length <= limit ? text : text[..limit].TrimEnd() + "… (--verbose prints ONNX Runtime's full message)";
    }

    private OrtValue Tensor(float[] pinned)
    {
        OrtValue value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pinned.AsMemory(), [1, pinned.Length]);
        _values.Add(value);
        return value;
    }

    private void WarmUp(int runs)
    {
        // The middle of every declared range: a plausible observation that exercises the whole graph.
        IReadOnlyList<ObservationSpec> specs = Metadata.Contract.Observations;
        var observation = new float[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            observation[i] = 0.5f * (specs[i].Low + specs[i].High);
        }
        var action = new float[_action.Length];
        for (int i = 0; i < runs; i++)
        {
            Act(observation, action);
        }
    }

    private void ThrowSizeMismatch(int observationLength, int actionLength) => throw new ArgumentException(
        $"Act takes {_observation.Length} observations and {_action.Length} actions ({Contract.EnvId}), got {observationLength} and {actionLength}");
}
