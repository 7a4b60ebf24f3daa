// How an environment is built: threads for the vectorized step and optional domain randomisation.
using DrlRobot.Sim.Randomization;

namespace DrlRobot.Sim;

/// <summary>Options shared by every environment of <see cref="EnvRegistry"/>.</summary>
public sealed record EnvOptions
{
    /// <summary>The most worker threads one vectorized step may use.</summary>
    public const int MaxThreads = 256;

    /// <summary>Worker threads for the vectorized step (1 steps every env on the calling thread).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Per-episode randomisation of physics and sensing; null (the default) keeps the nominal robot.</summary>
    public DomainRandomization? Randomization { get; init; }

    /// <summary>
    /// Episode time limit in steps, for training runs that want more episode starts than the env's own limit gives;
    /// null (the default) keeps the env's limit. The end of an episode at the limit is a truncation, never a terminal.
    /// </summary>
    public int? MaxEpisodeSteps { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (Threads is < 1 or > MaxThreads)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, $"threads must be between 1 and {MaxThreads}");
        }
        if (MaxEpisodeSteps is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEpisodeSteps), MaxEpisodeSteps, "max_episode_steps must be positive");
        }
        Randomization?.Validate();
    }
}
