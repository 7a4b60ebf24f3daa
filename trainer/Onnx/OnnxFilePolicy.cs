// A DrlRobot policy file loaded by ONNX Runtime, as the robot will load it, to fly in the trainer's simulators
// (`attach --check`, `robustness MODEL.onnx`). The one place the trainer uses ONNX Runtime; the exporter writes
// protobuf alone.
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DrlRobot.Trainer.Onnx;

/// <summary>An ONNX policy file with its contract, acting one row at a time.</summary>
public sealed class OnnxFilePolicy : IDisposable
{
    private readonly InferenceSession _session;
    private readonly DenseTensor<float> _input;
    private readonly string _name;
    private readonly int _nObs, _nAct;

    private OnnxFilePolicy(InferenceSession session, RobotContract contract, string name)
    {
        _session = session;
        Contract = contract;
        _name = name;
        _nObs = contract.Observations.Count;
        _nAct = contract.Actuators.Count;
        // One row per run: a foreign graph may have a fixed batch of 1, and the robot runs one row per tick too.
        _input = new DenseTensor<float>([1, _nObs]);
    }

    /// <summary>The contract the file carries.</summary>
    public RobotContract Contract { get; }

    /// <summary>
    /// Loads <paramref name="path"/>; its contract comes from its metadata unless <paramref name="contract"/> is
    /// given. A file that is missing, not ONNX or carries no contract is one line naming it.
    /// </summary>
    public static OnnxFilePolicy Open(string path, RobotContract? contract = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model not found: {path}");
        }
        string name = Path.GetFileName(path);
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{name}: ONNX Runtime cannot load it: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
        }
        try
        {
            if (contract is null)
            {
                if (!session.ModelMetadata.CustomMetadataMap.TryGetValue("drlrobot.contract", out string? json))
                {
                    throw new InvalidDataException($"{name} carries no robot contract (drlrobot.contract); export it with drl-train export or give it one with drl-train attach");
                }
                try
                {
                    contract = ContractJson.Deserialize(json);
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
                {
                    throw new InvalidDataException($"{name}: its robot contract cannot be read: {e.Message.ReplaceLineEndings(" ")}", e);
                }
            }
            if (!session.InputMetadata.ContainsKey(OnnxPolicyExporter.ObservationInput) || !session.OutputMetadata.ContainsKey(OnnxPolicyExporter.ActionOutput))
            {
                throw new InvalidDataException($"{name} has no '{OnnxPolicyExporter.ObservationInput}' input and '{OnnxPolicyExporter.ActionOutput}' output; it is not a DrlRobot policy file");
            }
            return new OnnxFilePolicy(session, contract, name);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Actuator commands for a batch of observation rows; a non-finite command is an error, as the robot's supervisor would stop.</summary>
    public void Act(ReadOnlySpan<float> observations, Span<float> actions, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            observations.Slice(r * _nObs, _nObs).CopyTo(_input.Buffer.Span);
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> result =
                _session.Run([NamedOnnxValue.CreateFromTensor(OnnxPolicyExporter.ObservationInput, _input)]);
            Tensor<float> action = result.First(v => v.Name == OnnxPolicyExporter.ActionOutput).AsTensor<float>();
            for (int j = 0; j < _nAct; j++)
            {
                float value = action.GetValue(j);
                if (!float.IsFinite(value))
                {
                    throw new InvalidDataException($"{_name}: the policy returned {value} for actuator {j}; the robot's supervisor would stop it");
                }
                actions[r * _nAct + j] = value;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
    }
}
