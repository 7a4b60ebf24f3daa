// Picks the algorithm for a run and refuses combinations that cannot work (DQN on a continuous env).
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Dqn;
using DrlRobot.Trainer.Ppo;
using DrlRobot.Trainer.Sac;
using DrlRobot.Trainer.Td3;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Training;

internal static class AgentFactory
{
    /// <summary>Throws an ArgumentException with one line when <paramref name="algo"/> cannot train <paramref name="contract"/>.</summary>
    public static void CheckFits(Algorithm algo, RobotContract contract)
    {
        bool discrete = contract.ActionKind == ActionKind.Discrete;
        string env = contract.EnvId;
        if (algo == Algorithm.Dqn && !discrete)
        {
            throw new ArgumentException($"dqn needs discrete actions and '{env}' is continuous; use ppo, sac or td3 (or the env lander-discrete)");
        }
        if (algo is Algorithm.Sac or Algorithm.Td3 && discrete)
        {
            throw new ArgumentException($"{algo.ToString().ToLowerInvariant()} needs continuous actions and '{env}' is discrete; use ppo or dqn");
        }
    }

    public static IAgent Create(TrainConfig config, IVecEnv env, Device device, EpisodeTracker episodes)
    {
        CheckFits(config.Algo, env.Contract);
        return config.Algo switch
        {
            Algorithm.Ppo => new PpoAgent(config, env, device, episodes),
            Algorithm.Sac => new SacAgent(config, env, device, episodes),
            Algorithm.Td3 => new Td3Agent(config, env, device, episodes),
            Algorithm.Dqn => new DqnAgent(config, env, device, episodes),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Algo, "unknown algorithm"),
        };
    }
}
