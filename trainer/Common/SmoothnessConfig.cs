// CAPS, "Regularizing Action Policies for Smooth Control with Reinforcement Learning" (Mysore et al., ICRA 2021):
// two terms added to the actor's loss that make the deterministic action change little from one step to the next
// (temporal) and little between nearby observations (spatial), the smoothing used to fly RL policies on real
// quadrotors. Off unless configured; PPO, SAC and TD3 take it (`ppo.smoothness`, `sac.smoothness`, `td3.smoothness`).
using TorchSharp;
using static TorchSharp.torch;

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

/// <summary>The CAPS terms, computed from a deterministic policy.</summary>
internal static class CapsLoss
{
    /// <summary>
    /// Mean distance between the actions of <paramref name="obs"/> and of <paramref name="next"/> (each row's next
    /// observation), and between those of <paramref name="obs"/> and <paramref name="perturbed"/>.
    /// </summary>
    public static (Tensor Temporal, Tensor Spatial) Terms(Func<Tensor, Tensor> policy, Tensor obs, Tensor next, Tensor perturbed)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Tensor action = policy(obs);
        return (Distance(action, policy(next)).mean(), Distance(action, policy(perturbed)).mean());
    }

    /// <summary>Euclidean distance per row, with a floor under the root so that its gradient stays finite at zero.</summary>
    public static Tensor Distance(Tensor a, Tensor b) =>
        ((a - b).pow(DrlRobot.Trainer.Torch.CachedScalars.Two).sum(1) + DrlRobot.Trainer.Torch.CachedScalars.Epsilon).sqrt();
}
