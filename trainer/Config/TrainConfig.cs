// The resolved configuration of one training run: what is trained, for how long, and every hyperparameter.
using System.Text.Json.Serialization;
using DrlRobot.Sim.Randomization;
using DrlRobot.Trainer.Dqn;
using DrlRobot.Trainer.Ppo;
using DrlRobot.Trainer.Sac;
using DrlRobot.Trainer.Td3;

namespace DrlRobot.Trainer.Config;

/// <summary>Which learning algorithm trains the policy.</summary>
public enum Algorithm { Ppo, Sac, Td3, Dqn }

/// <summary>Where tensors live.</summary>
public enum DeviceChoice { Auto, Cpu, Cuda }

/// <summary>One training run. Written as config.json next to every artefact of the run.</summary>
public sealed record TrainConfig
{
    /// <summary>Environment id (see `drl-train envs`).</summary>
    public string Env { get; init; } = "lander";

    /// <summary>Learning algorithm.</summary>
    public Algorithm Algo { get; init; } = Algorithm.Ppo;

    /// <summary>Total environment steps (summed over all parallel envs).</summary>
    public long Steps { get; init; } = 1_000_000;

    /// <summary>Seed of the environments, the network initialisation and the algorithm's random numbers.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Parallel environments stepped together.</summary>
    public int NumEnvs { get; init; } = 16;

    /// <summary>Threads that step the environments.</summary>
    public int SimThreads { get; init; } = 1;

    /// <summary>
    /// Time limit of training episodes in steps; null keeps the env's own. Shorter episodes give more starts per step
    /// budget; the limit is a truncation (bootstrapped), and evaluation always uses the env's own limit.
    /// </summary>
    public int? TrainMaxEpisodeSteps { get; init; }

    /// <summary>libtorch intra-op threads; small networks train fastest on one.</summary>
    public int TorchThreads { get; init; } = 1;

    /// <summary>auto picks CUDA when available, else the CPU.</summary>
    public DeviceChoice Device { get; init; } = DeviceChoice.Auto;

    /// <summary>Environment steps between checkpoints.</summary>
    public long CheckpointEvery { get; init; } = 100_000;

    /// <summary>Checkpoints kept on disk (the newest ones).</summary>
    public int CheckpointsKept { get; init; } = 3;

    /// <summary>Episodes of the final deterministic evaluation, on seeds never used in training.</summary>
    public int EvalEpisodes { get; init; } = 100;

    /// <summary>Episodes averaged for the logged recent return.</summary>
    public int ReturnWindow { get; init; } = 100;

    /// <summary>
    /// Domain randomisation of the training episodes (mass, inertia, thrust, friction, latency, sensor noise, wind;
    /// each a range drawn per episode), or null for the nominal robot. Keys left out of the object keep
    /// <see cref="DomainRandomization"/>'s defaults. Not written when null, so nominal runs keep their config hash.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DomainRandomization? Randomization { get; init; }

    /// <summary>
    /// Weight of an action-rate penalty on the training reward (each step loses weight × Σ of each actuator's squared
    /// change of command as a share of its range), or null for none; evaluation scores the env's own reward. Not
    /// written when null, so runs without it keep their config hash.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ActionRatePenalty { get; init; }

    /// <summary>PPO hyperparameters (used when algo is ppo).</summary>
    public PpoConfig Ppo { get; init; } = new();

    /// <summary>SAC hyperparameters (used when algo is sac).</summary>
    public SacConfig Sac { get; init; } = new();

    /// <summary>TD3 hyperparameters (used when algo is td3).</summary>
    public Td3Config Td3 { get; init; } = new();

    /// <summary>DQN hyperparameters (used when algo is dqn).</summary>
    public DqnConfig Dqn { get; init; } = new();

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Env)) throw new ArgumentException("env must be set", nameof(Env));
        if (Steps <= 0) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "steps must be positive");
        if (NumEnvs <= 0) throw new ArgumentOutOfRangeException(nameof(NumEnvs), NumEnvs, "num_envs must be positive");
        if (SimThreads <= 0) throw new ArgumentOutOfRangeException(nameof(SimThreads), SimThreads, "sim_threads must be positive");
        if (TrainMaxEpisodeSteps is < 1) throw new ArgumentOutOfRangeException(nameof(TrainMaxEpisodeSteps), TrainMaxEpisodeSteps, "train_max_episode_steps must be positive");
        if (TorchThreads < 0) throw new ArgumentOutOfRangeException(nameof(TorchThreads), TorchThreads, "torch_threads must be 0 (libtorch's default) or more");
        if (CheckpointEvery <= 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEvery), CheckpointEvery, "checkpoint_every must be positive");
        if (CheckpointsKept <= 0) throw new ArgumentOutOfRangeException(nameof(CheckpointsKept), CheckpointsKept, "checkpoints_kept must be positive");
        if (EvalEpisodes < 0) throw new ArgumentOutOfRangeException(nameof(EvalEpisodes), EvalEpisodes, "eval_episodes must not be negative");
        if (ReturnWindow <= 0) throw new ArgumentOutOfRangeException(nameof(ReturnWindow), ReturnWindow, "return_window must be positive");
        Randomization?.Validate();
        if (ActionRatePenalty is double penalty && !(penalty >= 0 && penalty <= 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(ActionRatePenalty), penalty, "action_rate_penalty must be from 0 to 1000");
        }
        ConfigLimits.InRange(Steps, 1, ConfigLimits.MaxSteps, "steps");
        ConfigLimits.InRange(NumEnvs, 1, ConfigLimits.MaxEnvs, "num_envs");
        ConfigLimits.InRange(SimThreads, 1, ConfigLimits.MaxThreads, "sim_threads");
        ConfigLimits.InRange(TorchThreads, 0, ConfigLimits.MaxThreads, "torch_threads");
        ConfigLimits.InRange(CheckpointsKept, 1, ConfigLimits.MaxSmallCount, "checkpoints_kept");
        ConfigLimits.InRange(EvalEpisodes, 0, ConfigLimits.MaxEpisodes, "eval_episodes");
        ConfigLimits.InRange(ReturnWindow, 1, ConfigLimits.MaxEpisodes, "return_window");
        if (Algo == Algorithm.Ppo && (long)Ppo.RolloutSteps * NumEnvs > ConfigLimits.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(NumEnvs), NumEnvs, $"ppo.rollout_steps × num_envs must be at most {ConfigLimits.MaxBatch} samples per iteration, got {(long)Ppo.RolloutSteps * NumEnvs}");
        }
        switch (Algo)
        {
            case Algorithm.Ppo: Ppo.Validate(); break;
            case Algorithm.Sac: Sac.Validate(); break;
            case Algorithm.Td3: Td3.Validate(); break;
            case Algorithm.Dqn: Dqn.Validate(); break;
        }
    }

    /// <summary>Seed of evaluation episodes: a stream disjoint from every training seed.</summary>
    [JsonIgnore]
    public ulong EvalSeed => Seed ^ 0x5EED_E7A1_0000_0000UL;
}
