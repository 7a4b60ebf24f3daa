// TD3 hyperparameters; the defaults are those of the README's benchmark.
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Common;

namespace DrlRobot.Trainer.Td3;

/// <summary>Twin delayed DDPG settings.</summary>
public sealed record Td3Config
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

    /// <summary>Polyak coefficient of the target networks.</summary>
    public float Tau { get; init; } = 0.005f;

    /// <summary>Adam learning rate of actor and critics.</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Actor and target updates once every this many critic updates.</summary>
    public int PolicyDelay { get; init; } = 2;

    /// <summary>Std of the Gaussian exploration noise, in units of half the actuator range.</summary>
    public float ExplorationNoise { get; init; } = 0.1f;

    /// <summary>Spectrum of the exploration noise: white (independent every step) or pink (1/f, correlated over time).</summary>
    public NoiseColor ExplorationNoiseColor { get; init; } = NoiseColor.White;

    /// <summary>Std of the target policy smoothing noise.</summary>
    public float PolicyNoise { get; init; } = 0.2f;

    /// <summary>Target policy smoothing noise is clipped to ±this.</summary>
    public float NoiseClip { get; init; } = 0.5f;

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
        Smoothness?.Validate("td3.smoothness");
        if (BufferSize <= 0) throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "td3.buffer_size must be positive");
        if (LearningStarts < 0) throw new ArgumentOutOfRangeException(nameof(LearningStarts), LearningStarts, "td3.learning_starts must not be negative");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "td3.batch_size must be positive");
        if (!(UpdatesPerStep > 0)) throw new ArgumentOutOfRangeException(nameof(UpdatesPerStep), UpdatesPerStep, "td3.updates_per_step must be positive");
        if (!(Gamma > 0 && Gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "td3.gamma must be in (0, 1]");
        if (!(Tau > 0 && Tau <= 1)) throw new ArgumentOutOfRangeException(nameof(Tau), Tau, "td3.tau must be in (0, 1]");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "td3.learning_rate must be positive");
        if (PolicyDelay <= 0) throw new ArgumentOutOfRangeException(nameof(PolicyDelay), PolicyDelay, "td3.policy_delay must be positive");
        if (!(ExplorationNoise >= 0)) throw new ArgumentOutOfRangeException(nameof(ExplorationNoise), ExplorationNoise, "td3.exploration_noise must not be negative");
        if (!Enum.IsDefined(ExplorationNoiseColor)) throw new ArgumentOutOfRangeException(nameof(ExplorationNoiseColor), ExplorationNoiseColor, "td3.exploration_noise_color must be white or pink");
        if (!(PolicyNoise >= 0)) throw new ArgumentOutOfRangeException(nameof(PolicyNoise), PolicyNoise, "td3.policy_noise must not be negative");
        if (!(NoiseClip >= 0)) throw new ArgumentOutOfRangeException(nameof(NoiseClip), NoiseClip, "td3.noise_clip must not be negative");
        ConfigLimits.Hidden(Hidden, "td3.hidden");
        ConfigLimits.InRange(BufferSize, 1, ConfigLimits.MaxBufferSize, "td3.buffer_size");
        ConfigLimits.InRange(BatchSize, 1, ConfigLimits.MaxBatch, "td3.batch_size");
        if (UpdatesPerStep > ConfigLimits.MaxSmallCount) throw new ArgumentOutOfRangeException(nameof(UpdatesPerStep), UpdatesPerStep, $"td3.updates_per_step must be at most {ConfigLimits.MaxSmallCount}");
        ConfigLimits.InRange(PolicyDelay, 1, ConfigLimits.MaxSmallCount, "td3.policy_delay");
    }
}
