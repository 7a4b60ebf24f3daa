// Upper bounds on the sizes a configuration may ask for. They sit far above anything these robots train with and
// far below what would exhaust a workstation, so a typo (an extra zero, 2e9 for 2e5) is one line instead of a run
// that spawns thousands of threads or asks libtorch for terabytes. The README's configuration section lists them.
namespace DrlRobot.Trainer.Config;

/// <summary>The largest values a training configuration accepts.</summary>
public static class ConfigLimits
{
    /// <summary>Parallel environments (num_envs).</summary>
    public const int MaxEnvs = 65_536;

    /// <summary>Threads that step the environments or run libtorch (sim_threads, torch_threads).</summary>
    public const int MaxThreads = 256;

    /// <summary>Hidden layers in one network.</summary>
    public const int MaxHiddenLayers = 16;

    /// <summary>Units in one hidden layer.</summary>
    public const int MaxHiddenWidth = 8_192;

    /// <summary>Transitions a replay buffer holds.</summary>
    public const int MaxBufferSize = 50_000_000;

    /// <summary>Samples in one update's batch or minibatch, and in one PPO rollout (rollout_steps × num_envs).</summary>
    public const int MaxBatch = 16_777_216;

    /// <summary>Passes, updates per step, checkpoints kept: counts a person would type in ones or tens.</summary>
    public const int MaxSmallCount = 10_000;

    /// <summary>Evaluation episodes and the return window.</summary>
    public const int MaxEpisodes = 1_000_000;

    /// <summary>Total environment steps of one run.</summary>
    public const long MaxSteps = 1_000_000_000_000;

    /// <summary>Bytes of a config file (a typical one is under 2 KB).</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Throws unless <paramref name="value"/> is in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static void InRange(long value, long min, long max, string key)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(key, value, $"{key} must be from {min} to {max}, got {value}");
        }
    }

    /// <summary>Throws unless <paramref name="widths"/> lists 1 to 16 layers of 1 to 8192 units.</summary>
    public static void Hidden(IReadOnlyList<int> widths, string key)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count is 0 or > MaxHiddenLayers || widths.Any(h => h is <= 0 or > MaxHiddenWidth))
        {
            throw new ArgumentException($"{key} must list 1 to {MaxHiddenLayers} layer widths, each from 1 to {MaxHiddenWidth}", key);
        }
    }
}
