// Deterministic evaluation on seeds never used in training: every env plays a fixed quota of episodes, so the
// result does not favour short episodes and is the same for the same seed.
using DrlRobot.Sim;

namespace DrlRobot.Trainer.Training;

/// <summary>The outcome of an evaluation.</summary>
public sealed record EvalResult(string Env, int Episodes, double MeanReturn, double StdReturn, double SuccessRate, double MeanLength)
{
    /// <summary>How smoothly each actuator's command moved over the episodes (mean |Δu| per step, energy above a quarter of the rate).</summary>
    public IReadOnlyList<DrlRobot.Sim.Metrics.ActuatorSmoothness> Smoothness { get; init; } = [];

    /// <summary>Return of each episode.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<double> Returns { get; init; } = [];
}

/// <summary>Runs a deterministic policy for a number of episodes.</summary>
public static class Evaluation
{
    /// <summary>
    /// Plays <paramref name="episodes"/> episodes of <paramref name="envId"/> with <paramref name="act"/> (raw
    /// observations in, actuator commands out, for a batch of rows).
    /// </summary>
    public static EvalResult Run(string envId, int episodes, ulong seed, int maxParallel, PolicyFunction act,
                                 DrlRobot.Sim.Randomization.DomainRandomization? randomization = null)
    {
        ArgumentNullException.ThrowIfNull(act);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        int envs = Math.Min(episodes, maxParallel);
        using IVecEnv env = EnvRegistry.Create(envId, envs, new EnvOptions { Randomization = randomization });
        int nObs = env.Contract.Observations.Count, nAct = env.Contract.Actuators.Count;
        var obs = new float[envs * nObs];
        var actions = new float[envs * nAct];
        var rewards = new float[envs];
        var terminated = new bool[envs];
        var truncated = new bool[envs];
        var quota = new int[envs];
        for (int i = 0; i < episodes; i++) quota[i % envs]++;
        var running = new double[envs];
        var lengths = new int[envs];
        var returns = new List<double>();
        var successes = 0;
        long totalLength = 0;
        // One accumulator per env: each sees its own episodes' commands in order.
        var smoothness = Enumerable.Range(0, envs).Select(_ => new DrlRobot.Sim.Metrics.CommandSmoothness(env.Contract)).ToArray();

        env.Reset(seed, obs);
        while (quota.Any(q => q > 0))
        {
            act(obs, actions, envs);
            for (int e = 0; e < envs; e++)
            {
                if (quota[e] > 0)
                {
                    smoothness[e].Record(quota[e], actions.AsSpan(e * nAct, nAct));
                }
            }
            env.Step(actions, obs, rewards, terminated, truncated);
            ReadOnlySpan<bool> success = env.Success;
            for (int e = 0; e < envs; e++)
            {
                if (quota[e] == 0) continue;
                running[e] += rewards[e];
                lengths[e]++;
                if (terminated[e] || truncated[e])
                {
                    returns.Add(running[e]);
                    totalLength += lengths[e];
                    if (success[e]) successes++;
                    running[e] = 0;
                    lengths[e] = 0;
                    quota[e]--;
                }
            }
        }
        double mean = returns.Average();
        double std = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / returns.Count);
        return new EvalResult(envId, returns.Count, mean, std, (double)successes / returns.Count, (double)totalLength / returns.Count)
        {
            Returns = returns,
            Smoothness = Combined(smoothness),
        };
    }

    private static IReadOnlyList<DrlRobot.Sim.Metrics.ActuatorSmoothness> Combined(DrlRobot.Sim.Metrics.CommandSmoothness[] perEnv)
    {
        for (int e = 1; e < perEnv.Length; e++)
        {
            perEnv[0].Add(perEnv[e]);
        }
        return perEnv[0].Result();
    }
}

/// <summary>Deterministic actions for <c>rows</c> raw observations.</summary>
public delegate void PolicyFunction(ReadOnlySpan<float> observations, Span<float> actions, int rows);
