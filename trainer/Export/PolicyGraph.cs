// Everything an exported policy computes, as plain float arrays: normaliser, network, action head and scaling.
// The trainer fills it from TorchSharp modules; the exporter turns it into ONNX without knowing the algorithm.
using System.Globalization;

namespace DrlRobot.Trainer.Export;

/// <summary>How the network's last layer becomes an action.</summary>
public enum ActionHead
{
    /// <summary>The output is a Gaussian mean, clipped to [-1, 1] (PPO).</summary>
    Clip,

    /// <summary>The output is squashed by tanh into (-1, 1) (SAC, TD3).</summary>
    Tanh,

    /// <summary>The output is one logit (or Q-value) per discrete action; the best index picks a row of the table.</summary>
    Argmax,
}

/// <summary>
/// A deterministic policy as data: obs → (obs − mean) / std clipped to ±<see cref="ObsClip"/> → dense layers → head
/// → affine map of [-1, 1] onto [<see cref="ActionLow"/>, <see cref="ActionHigh"/>] → clip to that range.
/// </summary>
public sealed record PolicyGraph
{
    /// <summary>Frozen running mean of the observations, one per observation.</summary>
    public required float[] ObsMean { get; init; }

    /// <summary>sqrt(var + eps) of the observations, each &gt; 0.</summary>
    public required float[] ObsStd { get; init; }

    /// <summary>Normalised observations are clipped to ±ObsClip; +∞ turns the clip off.</summary>
    public float ObsClip { get; init; } = 10f;

    /// <summary>The network, input first. Weights row-major [Out, In] as torch.nn.Linear.</summary>
    public required IReadOnlyList<DenseLayer> Layers { get; init; }

    /// <summary>How the last layer's output becomes an action.</summary>
    public required ActionHead Head { get; init; }

    /// <summary>Lowest command of each actuator, in actuator units; -1 of the head maps onto it.</summary>
    public required float[] ActionLow { get; init; }

    /// <summary>Highest command of each actuator, in actuator units; +1 of the head maps onto it.</summary>
    public required float[] ActionHigh { get; init; }

    /// <summary>For <see cref="ActionHead.Argmax"/>: one actuator vector (in actuator units) per action index.</summary>
    public float[][]? DiscreteTable { get; init; }

    /// <summary>
    /// Optional log standard deviation per action, for the stochastic variant: an extra input "noise" [batch, n_act]
    /// makes the pre-squash action mean + exp(LogStd) · noise, so sampling on the device is seeded by the caller.
    /// </summary>
    public float[]? LogStd { get; init; }

    /// <summary>Number of observations the graph reads.</summary>
    public int NumObservations => ObsMean?.Length ?? 0;

    /// <summary>Number of actuator commands the graph writes.</summary>
    public int NumActions => ActionLow?.Length ?? 0;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field or layer the exporter cannot express.</summary>
    public void Validate()
    {
        ValidateNormaliser();
        ValidateLayers();
        ValidateActionRange();
        ValidateHead();
    }

    private void ValidateNormaliser()
    {
        if (ObsMean is null || ObsMean.Length == 0)
        {
            throw new ArgumentException("obsMean: needs at least one observation");
        }
        if (ObsStd is null || ObsStd.Length != ObsMean.Length)
        {
            throw new ArgumentException($"obsStd: has {ObsStd?.Length ?? 0} values, obsMean has {ObsMean.Length}");
        }
        RequireFinite("obsMean", ObsMean);
        for (int i = 0; i < ObsStd.Length; i++)
        {
            if (!(ObsStd[i] > 0 && float.IsFinite(ObsStd[i])))
            {
                throw new ArgumentException($"obsStd[{i}]: {Format(ObsStd[i])} must be finite and > 0");
            }
        }
        if (!(ObsClip > 0))
        {
            throw new ArgumentException($"obsClip: {Format(ObsClip)} must be > 0 (+inf turns clipping off)");
        }
    }

    private void ValidateLayers()
    {
        if (Layers is null || Layers.Count == 0)
        {
            throw new ArgumentException("layers: a policy needs at least one layer");
        }
        int previousOut = NumObservations;
        for (int i = 0; i < Layers.Count; i++)
        {
            string field = $"layers[{i}]";
            DenseLayer? layer = Layers[i] ?? throw new ArgumentException($"{field}: is null");
            if (layer.In <= 0 || layer.Out <= 0)
            {
                throw new ArgumentException($"{field}: In {layer.In} and Out {layer.Out} must be positive");
            }
            if (layer.In != previousOut)
            {
                throw new ArgumentException(i == 0
                    ? $"{field}: In {layer.In} != number of observations {previousOut}"
                    : $"{field}: In {layer.In} != previous Out {previousOut}");
            }
            if (layer.Weight is null || layer.Weight.Length != (long)layer.In * layer.Out)
            {
                throw new ArgumentException($"{field}: weight has {layer.Weight?.Length ?? 0} values, [Out {layer.Out}, In {layer.In}] needs {(long)layer.In * layer.Out}");
            }
            if (layer.Bias is null || layer.Bias.Length != layer.Out)
            {
                throw new ArgumentException($"{field}: bias has {layer.Bias?.Length ?? 0} values, Out is {layer.Out}");
            }
            if (!Enum.IsDefined(layer.Activation))
            {
                throw new ArgumentException($"{field}: unknown activation {(int)layer.Activation}");
            }
            RequireFinite($"{field}.weight", layer.Weight);
            RequireFinite($"{field}.bias", layer.Bias);
            previousOut = layer.Out;
        }
    }

    private void ValidateActionRange()
    {
        if (ActionLow is null || ActionLow.Length == 0)
        {
            throw new ArgumentException("actionLow: needs at least one actuator");
        }
        if (ActionHigh is null || ActionHigh.Length != ActionLow.Length)
        {
            throw new ArgumentException($"actionHigh: has {ActionHigh?.Length ?? 0} values, actionLow has {ActionLow.Length}");
        }
        RequireFinite("actionLow", ActionLow);
        RequireFinite("actionHigh", ActionHigh);
        for (int i = 0; i < ActionLow.Length; i++)
        {
            if (ActionLow[i] > ActionHigh[i])
            {
                throw new ArgumentException($"actionLow[{i}]: {Format(ActionLow[i])} exceeds actionHigh[{i}] {Format(ActionHigh[i])}");
            }
        }
    }

    private void ValidateHead()
    {
        int lastOut = Layers[^1].Out;
        int lastIndex = Layers.Count - 1;
        switch (Head)
        {
            case ActionHead.Clip or ActionHead.Tanh:
                if (lastOut != NumActions)
                {
                    throw new ArgumentException($"layers[{lastIndex}]: Out {lastOut} != number of actions {NumActions} for the {Head} head");
                }
                if (DiscreteTable is not null)
                {
                    throw new ArgumentException($"discreteTable: only the Argmax head uses it, the head is {Head}");
                }
                break;
            case ActionHead.Argmax:
                ValidateDiscreteTable(lastIndex, lastOut);
                if (LogStd is not null)
                {
                    throw new ArgumentException("logStd: the Argmax head has no Gaussian to sample from");
                }
                break;
            default:
                throw new ArgumentException($"head: unknown action head {(int)Head}");
        }
        if (LogStd is not null)
        {
            if (LogStd.Length != NumActions)
            {
                throw new ArgumentException($"logStd: has {LogStd.Length} values, there are {NumActions} actions");
            }
            RequireFinite("logStd", LogStd);
        }
    }

    private void ValidateDiscreteTable(int lastIndex, int lastOut)
    {
        if (DiscreteTable is null || DiscreteTable.Length < 2)
        {
            throw new ArgumentException("discreteTable: the Argmax head needs at least two rows");
        }
        if (lastOut != DiscreteTable.Length)
        {
            throw new ArgumentException($"layers[{lastIndex}]: Out {lastOut} != discreteTable rows {DiscreteTable.Length}");
        }
        for (int row = 0; row < DiscreteTable.Length; row++)
        {
            float[]? values = DiscreteTable[row];
            if (values is null || values.Length != NumActions)
            {
                throw new ArgumentException($"discreteTable[{row}]: has {values?.Length ?? 0} values, n_act is {NumActions}");
            }
            for (int j = 0; j < values.Length; j++)
            {
                if (!(values[j] >= ActionLow[j] && values[j] <= ActionHigh[j]))
                {
                    throw new ArgumentException($"discreteTable[{row}][{j}]: {Format(values[j])} is outside [{Format(ActionLow[j])}, {Format(ActionHigh[j])}]");
                }
            }
        }
    }

    private static void RequireFinite(string field, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"{field}[{i}]: {Format(values[i])} is not finite");
            }
        }
    }

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
