// What an exported policy says about itself: the file layout version, the robot contract and the training record.
using System.Text.Json;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Policy;

/// <summary>The DrlRobot metadata of an ONNX policy file (metadata_props drlrobot.format, .contract, .training).</summary>
public sealed record PolicyMetadata
{
    /// <summary>Version of the file layout the exporter wrote (drlrobot.format).</summary>
    public required int FormatVersion { get; init; }

    /// <summary>The robot contract the policy was trained for, validated.</summary>
    public required RobotContract Contract { get; init; }

    /// <summary>The training record exactly as stored (a JSON object: algorithm, steps, seed, evaluation, …); "{}" when the file has none.</summary>
    public required string TrainingJson { get; init; }

    /// <summary>The training record parsed; a JSON object.</summary>
    public required JsonElement Training { get; init; }

    /// <summary>Files beside the model that hold its weights (external data, as onnx.save and PyTorch write), relative to its folder.</summary>
    public IReadOnlyList<string> ExternalDataFiles { get; init; } = [];
}
