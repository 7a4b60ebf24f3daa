// Test helper: runs whole episodes of a vectorized environment under a controller and collects their returns.
using DrlRobot.Sim.Random;

namespace DrlRobot.Sim.Tests;

internal static class Episodes
{
    /// <summary>Runs <paramref name="episodes"/> episodes on a batch of <paramref name="numEnvs"/> envs.</summary>
    /// <param name="policy">Writes actions for all envs from all observations; null draws uniform random actions.</param>
    public static (float[] Returns, bool[] Successes, int[] Lengths) Run(string id, int episodes, ulong seed,
        Action<ReadOnlySpan<float>, Span<float>>? policy = null, int numEnvs = 32, EnvOptions? options = null)
    {
        using IVecEnv env = EnvRegistry.Create(id, numEnvs, options);
        int nObs = env.Contract.Observations.Count, nAct = env.Contract.Actuators.Count;
        var obs = new float[numEnvs * nObs];
        var actions = new float[numEnvs * nAct];
        var rewards = new float[numEnvs];
        var terminated = new bool[numEnvs];
        var truncated = new bool[numEnvs];
        var running = new float[numEnvs];
        var lengths = new int[numEnvs];
        var returns = new List<float>();
        var successes = new List<bool>();
        var episodeLengths = new List<int>();
        var rng = SimRng.ForStream(seed, 999);
        env.Reset(seed, obs);
        while (returns.Count < episodes)
        {
            if (policy is null)
            {
                for (int i = 0; i < actions.Length; i++)
                {
                    var spec = env.Contract.Actuators[i % nAct];
                    actions[i] = rng.Uniform(spec.Low, spec.High);
                }
            }
            else
            {
                policy(obs, actions);
            }
            env.Step(actions, obs, rewards, terminated, truncated);
            for (int i = 0; i < numEnvs; i++)
            {
                running[i] += rewards[i];
                lengths[i]++;
                if (terminated[i] || truncated[i])
                {
                    if (returns.Count < episodes)
                    {
                        returns.Add(running[i]);
                        successes.Add(terminated[i] && env.Success[i]);
                        episodeLengths.Add(lengths[i]);
                    }
                    running[i] = 0;
                    lengths[i] = 0;
                }
            }
        }
        return ([.. returns], [.. successes], [.. episodeLengths]);
    }

    /// <summary>A batch policy that runs one controller per env.</summary>
    public static Action<ReadOnlySpan<float>, Span<float>> PerEnv(IController controller, int nObs, int nAct) =>
        (obs, actions) =>
        {
            int n = obs.Length / nObs;
            for (int i = 0; i < n; i++)
            {
                controller.Act(obs.Slice(i * nObs, nObs), actions.Slice(i * nAct, nAct));
            }
        };

    /// <summary>Runs the environment's own heuristic.</summary>
    public static (float[] Returns, bool[] Successes, int[] Lengths) Heuristic(string id, int episodes, ulong seed,
        int numEnvs = 32, EnvOptions? options = null)
    {
        var contract = EnvRegistry.GetContract(id);
        return Run(id, episodes, seed, PerEnv(EnvRegistry.CreateHeuristic(id), contract.Observations.Count, contract.Actuators.Count),
                   numEnvs, options);
    }

    public static double Mean(float[] values) => values.Average(v => (double)v);

    public static double Std(float[] values)
    {
        double mean = Mean(values);
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
