// SAC hyperparameters; the defaults are those of the README's benchmark.
using DrlRobot.Trainer.Config;

namespace DrlRobot.Trainer.Sac;

/// <summary>Soft actor-critic settings.</summary>
public sealed record SacConfig
{
    /// <summary>Transitions kept for replay.</summary>
    public int BufferSize { get; init; } = 1_000_000;

    /// <summary>Steps of uniformly random actions before learning starts.</summary>
    public int LearningStarts { get; init; } = 10_000;

    /// <summary>Transitions per gradient step.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Gradient steps per environment step (per env).</summary>
    public double UpdatesPerStep { get; init; } = 1.0;

    /// <summary>Discount factor.</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>Polyak coefficient of the target critics.</summary>
    public float Tau { get; init; } = 0.005f;

    /// <summary>Actor learning rate.</summary>
    public double PolicyLearningRate { get; init; } = 3e-4;

    /// <summary>Critic learning rate.</summary>
    public double QLearningRate { get; init; } = 1e-3;

    /// <summary>Actor (and temperature) updates once every this many critic updates.</summary>
    public int PolicyFrequency { get; init; } = 2;

    /// <summary>Tune the entropy temperature towards an entropy of −(number of actuators).</summary>
    public bool AutoEntropy { get; init; } = true;

    /// <summary>Temperature when not tuned.</summary>
    public float Alpha { get; init; } = 0.2f;

    /// <summary>Hidden layer widths of actor and critics.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [256, 256];

    /// <summary>
    /// CAPS smoothness terms on the deterministic action (σ in the raw observation units the networks see), or null
    /// for none. Not written when null, so runs without it keep their config hash.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Common.SmoothnessConfig? Smoothness { get; init; }

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        Smoothness?.Validate("sac.smoothness");
        if (BufferSize <= 0) throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "sac.buffer_size must be positive");
        if (LearningStarts < 0) throw new ArgumentOutOfRangeException(nameof(LearningStarts), LearningStarts, "sac.learning_starts must not be negative");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "sac.batch_size must be positive");
        if (!(UpdatesPerStep > 0)) throw new ArgumentOutOfRangeException(nameof(UpdatesPerStep), UpdatesPerStep, "sac.updates_per_step must be positive");
        if (!(Gamma > 0 && Gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "sac.gamma must be in (0, 1]");
        if (!(Tau > 0 && Tau <= 1)) throw new ArgumentOutOfRangeException(nameof(Tau), Tau, "sac.tau must be in (0, 1]");
        if (!(PolicyLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(PolicyLearningRate), PolicyLearningRate, "sac.policy_learning_rate must be positive");
        if (!(QLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(QLearningRate), QLearningRate, "sac.q_learning_rate must be positive");
        if (PolicyFrequency <= 0) throw new ArgumentOutOfRangeException(nameof(PolicyFrequency), PolicyFrequency, "sac.policy_frequency must be positive");
        if (!(Alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "sac.alpha must not be negative");
        ConfigLimits.Hidden(Hidden, "sac.hidden");
        ConfigLimits.InRange(BufferSize, 1, ConfigLimits.MaxBufferSize, "sac.buffer_size");
        ConfigLimits.InRange(BatchSize, 1, ConfigLimits.MaxBatch, "sac.batch_size");
        if (UpdatesPerStep > ConfigLimits.MaxSmallCount) throw new ArgumentOutOfRangeException(nameof(UpdatesPerStep), UpdatesPerStep, $"sac.updates_per_step must be at most {ConfigLimits.MaxSmallCount}");
        ConfigLimits.InRange(PolicyFrequency, 1, ConfigLimits.MaxSmallCount, "sac.policy_frequency");
    }
}
