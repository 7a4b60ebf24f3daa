// What every learning algorithm offers the training loop: advance, checkpoint, act, export.
using DrlRobot.Trainer.Export;

namespace DrlRobot.Trainer.Training;

/// <summary>
/// One algorithm bound to one vectorized environment. The training loop calls <see cref="Iterate"/> until the step
/// budget is spent, checkpointing at iteration boundaries.
/// </summary>
internal interface IAgent : IDisposable
{
    /// <summary>Environment steps taken so far (all envs together).</summary>
    long Steps { get; }

    /// <summary>Gradient steps taken so far (PPO: minibatch steps in this process).</summary>
    long Updates { get; }

    /// <summary>
    /// The metrics progress.csv has a column for, in order; an iteration that does not report one of them leaves
    /// its cell empty (off-policy agents report no losses before learning starts).
    /// </summary>
    IReadOnlyList<string> ProgressColumns { get; }

    /// <summary>Collects experience and updates the networks once; returns the metrics of the update.</summary>
    IReadOnlyList<Metric> Iterate();

    /// <summary>Starts fresh episodes in every env (at checkpoints, so a resumed run continues identically).</summary>
    void ResetEnvs(ulong seed);

    /// <summary>Writes weights, optimiser state, normaliser statistics and random state.</summary>
    void Save(BinaryWriter writer);

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    void Load(BinaryReader reader);

    /// <summary>Deterministic actions in actuator units for <c>rows</c> raw observations.</summary>
    void Act(ReadOnlySpan<float> observations, Span<float> actions, int rows);

    /// <summary>The deterministic policy as plain arrays for the ONNX exporter.</summary>
    PolicyGraph ToPolicyGraph();

    /// <summary>
    /// Every tensor the agent trains with, by name: parameters, target networks and optimiser moments (what must live
    /// on the training device and survive a checkpoint load as the same tensors).
    /// </summary>
    IEnumerable<(string Name, TorchSharp.torch.Tensor Tensor)> Tensors();
}

/// <summary>A named scalar for progress.csv and TensorBoard, e.g. losses/value.</summary>
internal readonly record struct Metric(string Name, double Value);
