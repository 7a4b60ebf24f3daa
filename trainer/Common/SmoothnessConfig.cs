// CAPS, "Regularizing Action Policies for Smooth Control with Reinforcement Learning" (Mysore et al., ICRA 2021):
// two terms added to the actor's loss that make the deterministic action change little from one step to the next
// (temporal) and little between nearby observations (spatial), the smoothing used to fly RL policies on real
// quadrotors. Off unless configured.
namespace DrlRobot.Trainer.Common;

/// <summary>Weights of the CAPS smoothness terms.</summary>
public sealed record SmoothnessConfig
{
    /// <summary>Weight of ‖μ(s_t) − μ(s_t+1)‖ (consecutive steps of one episode).</summary>
    public float Temporal { get; init; } = 0.1f;

    /// <summary>Weight of ‖μ(s) − μ(s + σε)‖, ε ~ N(0, I).</summary>
    public float Spatial { get; init; } = 0.05f;

    /// <summary>σ of the spatial term's perturbation, in normalised observation units.</summary>
    public float Sigma { get; init; } = 0.05f;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate(string prefix)
    {
        if (!(Temporal >= 0)) throw new ArgumentOutOfRangeException(nameof(Temporal), Temporal, $"{prefix}.temporal must not be negative");
        if (!(Spatial >= 0)) throw new ArgumentOutOfRangeException(nameof(Spatial), Spatial, $"{prefix}.spatial must not be negative");
        if (!(Sigma > 0)) throw new ArgumentOutOfRangeException(nameof(Sigma), Sigma, $"{prefix}.sigma must be positive");
    }
}
