// PPO's actor-critic: separate actor and critic MLPs, and a state-independent log-std for continuous actions.
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Ppo;

/// <summary>Actor (action mean or logits) and critic (state value) without shared layers.</summary>
internal sealed class PpoNetwork : nn.Module
{
    public PpoNetwork(int observations, int outputs, IReadOnlyList<int> hidden, bool continuous, float initLogStd)
        : base("ppo")
    {
        Actor = new Mlp("actor", observations, hidden, outputs, Activation.Tanh, outputGain: 0.01);
        Critic = new Mlp("critic", observations, hidden, 1, Activation.Tanh, outputGain: 1.0);
        LogStd = continuous ? nn.Parameter(torch.full(outputs, initLogStd)) : null;
        RegisterComponents();
    }

    /// <summary>Gaussian mean (continuous) or logits (discrete).</summary>
    public Mlp Actor { get; }

    /// <summary>State value.</summary>
    public Mlp Critic { get; }

    /// <summary>Log standard deviation per actuator; null for discrete actions.</summary>
    public Parameter? LogStd { get; }
}
