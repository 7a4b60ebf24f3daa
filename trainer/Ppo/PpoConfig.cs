// PPO hyperparameters; the defaults are those that solve the lander in the README's benchmark.
using DrlRobot.Trainer.Config;

namespace DrlRobot.Trainer.Ppo;

/// <summary>Proximal policy optimisation settings.</summary>
public sealed record PpoConfig
{
    /// <summary>Steps per env per rollout.</summary>
    public int RolloutSteps { get; init; } = 1024;

    /// <summary>Samples per gradient step.</summary>
    public int MinibatchSize { get; init; } = 64;

    /// <summary>Passes over each rollout.</summary>
    public int Epochs { get; init; } = 4;

    /// <summary>Adam learning rate at the start.</summary>
    public double LearningRate { get; init; } = 3e-4;

    /// <summary>Anneal the learning rate linearly to zero over the run.</summary>
    public bool AnnealLearningRate { get; init; } = true;

    /// <summary>Discount factor.</summary>
    public float Gamma { get; init; } = 0.999f;

    /// <summary>GAE λ.</summary>
    public float GaeLambda { get; init; } = 0.98f;

    /// <summary>Clip range of the probability ratio.</summary>
    public float ClipCoef { get; init; } = 0.2f;

    /// <summary>Entropy bonus coefficient.</summary>
    public float EntCoef { get; init; } = 0.01f;

    /// <summary>Value loss coefficient.</summary>
    public float VfCoef { get; init; } = 0.5f;

    /// <summary>Global gradient norm clip.</summary>
    public double MaxGradNorm { get; init; } = 0.5;

    /// <summary>Normalise advantages per minibatch.</summary>
    public bool NormalizeAdvantages { get; init; } = true;

    /// <summary>Normalise observations with running statistics (frozen into the export).</summary>
    public bool NormalizeObservations { get; init; } = true;

    /// <summary>Scale rewards by the running std of the discounted return.</summary>
    public bool ScaleRewards { get; init; } = true;

    /// <summary>Normalised observations are clipped to ±this.</summary>
    public float ObsClip { get; init; } = 10f;

    /// <summary>Scaled rewards are clipped to ±this.</summary>
    public float RewardClip { get; init; } = 10f;

    /// <summary>Widths of the hidden layers of the actor and of the critic.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [64, 64];

    /// <summary>Initial log standard deviation of the Gaussian policy.</summary>
    public float InitLogStd { get; init; } = 0f;

    /// <summary>Stop an update's epochs early when the approximate KL passes this (0 = never).</summary>
    public float TargetKl { get; init; }

    /// <summary>
    /// CAPS smoothness terms on the actor's mean (continuous actions only), or null for none. Not written when null, so
    /// runs without it keep their config hash.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Common.SmoothnessConfig? Smoothness { get; init; }

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (RolloutSteps <= 0) throw new ArgumentOutOfRangeException(nameof(RolloutSteps), RolloutSteps, "ppo.rollout_steps must be positive");
        if (MinibatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(MinibatchSize), MinibatchSize, "ppo.minibatch_size must be positive");
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "ppo.epochs must be positive");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "ppo.learning_rate must be positive");
        if (!(Gamma > 0 && Gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "ppo.gamma must be in (0, 1]");
        if (!(GaeLambda >= 0 && GaeLambda <= 1)) throw new ArgumentOutOfRangeException(nameof(GaeLambda), GaeLambda, "ppo.gae_lambda must be in [0, 1]");
        if (!(ClipCoef > 0)) throw new ArgumentOutOfRangeException(nameof(ClipCoef), ClipCoef, "ppo.clip_coef must be positive");
        if (!(EntCoef >= 0)) throw new ArgumentOutOfRangeException(nameof(EntCoef), EntCoef, "ppo.ent_coef must not be negative");
        if (!(VfCoef > 0)) throw new ArgumentOutOfRangeException(nameof(VfCoef), VfCoef, "ppo.vf_coef must be positive");
        if (!(MaxGradNorm > 0)) throw new ArgumentOutOfRangeException(nameof(MaxGradNorm), MaxGradNorm, "ppo.max_grad_norm must be positive");
        if (!(ObsClip > 0)) throw new ArgumentOutOfRangeException(nameof(ObsClip), ObsClip, "ppo.obs_clip must be positive");
        if (!(RewardClip > 0)) throw new ArgumentOutOfRangeException(nameof(RewardClip), RewardClip, "ppo.reward_clip must be positive");
        ConfigLimits.Hidden(Hidden, "ppo.hidden");
        ConfigLimits.InRange(RolloutSteps, 1, ConfigLimits.MaxBatch, "ppo.rollout_steps");
        ConfigLimits.InRange(MinibatchSize, 1, ConfigLimits.MaxBatch, "ppo.minibatch_size");
        ConfigLimits.InRange(Epochs, 1, ConfigLimits.MaxSmallCount, "ppo.epochs");
        if (!(TargetKl >= 0)) throw new ArgumentOutOfRangeException(nameof(TargetKl), TargetKl, "ppo.target_kl must not be negative");
        Smoothness?.Validate("ppo.smoothness");
    }
}
