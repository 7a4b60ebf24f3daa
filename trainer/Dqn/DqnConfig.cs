// DQN hyperparameters; the defaults are those of the README's benchmark.
using DrlRobot.Trainer.Config;

namespace DrlRobot.Trainer.Dqn;

/// <summary>Deep Q-network settings (Double DQN with a Huber loss and a hard-copied target network).</summary>
public sealed record DqnConfig
{
    /// <summary>Transitions kept for replay.</summary>
    public int BufferSize { get; init; } = 100_000;

    /// <summary>Steps of uniformly random actions before learning starts.</summary>
    public int LearningStarts { get; init; } = 10_000;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Gradient steps per environment step (per env): 0.25 trains every fourth step.</summary>
    public double UpdatesPerStep { get; init; } = 0.25;

    /// <summary>Discount factor.</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 6.3e-4;

    /// <summary>Gradient steps between copies of the online network into the target network.</summary>
    public int TargetUpdateInterval { get; init; } = 250;

    /// <summary>ε at the start of training.</summary>
    public double StartEpsilon { get; init; } = 1.0;

    /// <summary>ε after the decay.</summary>
    public double EndEpsilon { get; init; } = 0.05;

    /// <summary>Fraction of the run over which ε decays linearly.</summary>
    public double ExplorationFraction { get; init; } = 0.12;

    /// <summary>Global gradient norm clip.</summary>
    public double MaxGradNorm { get; init; } = 10;

    /// <summary>Hidden layer widths of the Q-network.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [256, 256];

    /// <summary>ε after <paramref name="steps"/> of <paramref name="totalSteps"/>.</summary>
    public double Epsilon(long steps, long totalSteps)
    {
        double decaySteps = Math.Max(1, ExplorationFraction * totalSteps);
        double fraction = Math.Min(1.0, steps / decaySteps);
        return StartEpsilon + fraction * (EndEpsilon - StartEpsilon);
    }

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (BufferSize <= 0) throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "dqn.buffer_size must be positive");
        if (LearningStarts < 0) throw new ArgumentOutOfRangeException(nameof(LearningStarts), LearningStarts, "dqn.learning_starts must not be negative");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "dqn.batch_size must be positive");
        if (!(UpdatesPerStep > 0)) throw new ArgumentOutOfRangeException(nameof(UpdatesPerStep), UpdatesPerStep, "dqn.updates_per_step must be positive");
        if (!(Gamma > 0 && Gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "dqn.gamma must be in (0, 1]");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "dqn.learning_rate must be positive");
        if (TargetUpdateInterval <= 0) throw new ArgumentOutOfRangeException(nameof(TargetUpdateInterval), TargetUpdateInterval, "dqn.target_update_interval must be positive");
        if (!(StartEpsilon is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(StartEpsilon), StartEpsilon, "dqn.start_epsilon must be in [0, 1]");
        if (!(EndEpsilon is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(EndEpsilon), EndEpsilon, "dqn.end_epsilon must be in [0, 1]");
        if (!(ExplorationFraction is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(ExplorationFraction), ExplorationFraction, "dqn.exploration_fraction must be in (0, 1]");
        if (!(MaxGradNorm > 0)) throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), MaxGradNorm, "dqn.max_grad_norm must be positive");
        ConfigLimits.Hidden(Hidden, "dqn.hidden");
        ConfigLimits.InRange(BufferSize, 1, ConfigLimits.MaxBufferSize, "dqn.buffer_size");
        ConfigLimits.InRange(BatchSize, 1, ConfigLimits.MaxBatch, "dqn.batch_size");
        if (UpdatesPerStep > ConfigLimits.MaxSmallCount) throw new ArgumentOutOfRangeException(nameof(UpdatesPerStep), UpdatesPerStep, $"dqn.updates_per_step must be at most {ConfigLimits.MaxSmallCount}");
    }
}
