// What the exporter writes: a policy as plain arrays (normaliser, dense layers, action head, scaling).
namespace DrlRobot.Trainer.Export;

/// <summary>Activation after a dense layer.</summary>
public enum Activation { None, Tanh, Relu }

/// <summary>A dense layer; <paramref name="Weight"/> is row-major [Out, In] as torch.nn.Linear stores it.</summary>
public sealed record DenseLayer(int In, int Out, float[] Weight, float[] Bias, Activation Activation);

/// <summary>How the network output becomes an action.</summary>
public enum ActionHead { Clip, Tanh, Argmax }

/// <summary>The deterministic policy as the ONNX file holds it.</summary>
public sealed record PolicyGraph
{
    /// <summary>Frozen running mean of observations.</summary>
    public required float[] ObsMean { get; init; }

    /// <summary>sqrt(var + eps) of observations.</summary>
    public required float[] ObsStd { get; init; }

    /// <summary>Normalised observations are clipped to ±ObsClip.</summary>
    public float ObsClip { get; init; } = 10f;

    /// <summary>The network.</summary>
    public required IReadOnlyList<DenseLayer> Layers { get; init; }

    /// <summary>The action head.</summary>
    public required ActionHead Head { get; init; }

    /// <summary>Actuator lows.</summary>
    public required float[] ActionLow { get; init; }

    /// <summary>Actuator highs.</summary>
    public required float[] ActionHigh { get; init; }

    /// <summary>Discrete action table for Argmax.</summary>
    public float[][]? DiscreteTable { get; init; }

    /// <summary>Optional log standard deviation for the stochastic variant.</summary>
    public float[]? LogStd { get; init; }
}
