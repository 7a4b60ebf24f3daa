// Simulator throughput: how many env steps per second a batch makes under random actions. Behind `drl-train
// bench-sim`; the actions are drawn before timing starts so that only the simulator is measured.
using System.Diagnostics;
using DrlRobot.Sim.Contracts;
using DrlRobot.Sim.Random;

namespace DrlRobot.Sim.Bench;

/// <summary>The outcome of one benchmark run; steps count env steps (batch steps × envs).</summary>
public sealed record BenchResult(string Env, int NumEnvs, int Threads, long Steps, double Seconds, double StepsPerSecond);

/// <summary>Measures env steps per second.</summary>
public static class SimBenchmark
{
    /// <summary>The longest run allowed, so that a typo cannot hold a machine for hours.</summary>
    public const double MaxSeconds = 3600;

    // Enough distinct action batches that the branch predictor cannot learn the sequence.
    private const int ActionBatches = 64;

    /// <summary>Steps <paramref name="numEnvs"/> envs of <paramref name="id"/> for about <paramref name="seconds"/>.</summary>
    public static BenchResult Run(string id, int numEnvs, int threads, double seconds, ulong seed = 0)
    {
        if (!(seconds > 0 && seconds <= MaxSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, $"seconds must be in (0, {MaxSeconds}]");
        }
        using IVecEnv env = EnvRegistry.Create(id, numEnvs, new EnvOptions { Threads = threads });
        RobotContract contract = env.Contract;
        int nObs = contract.Observations.Count, nAct = contract.Actuators.Count;
        float[] actions = RandomActions(contract, numEnvs, seed);
        var obs = new float[numEnvs * nObs];
        var rewards = new float[numEnvs];
        var terminated = new bool[numEnvs];
        var truncated = new bool[numEnvs];
        env.Reset(seed, obs);

        // Warm up the JIT and the worker threads before the clock starts.
        var warmup = Stopwatch.StartNew();
        int batch = 0;
        while (warmup.Elapsed.TotalSeconds < Math.Min(0.2, seconds / 4))
        {
            StepOnce(env, actions, ref batch, nAct, obs, rewards, terminated, truncated);
        }

        long batchSteps = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            // Check the clock every few steps only: reading it costs as much as stepping a small batch.
            for (int i = 0; i < 16; i++)
            {
                StepOnce(env, actions, ref batch, nAct, obs, rewards, terminated, truncated);
            }
            batchSteps += 16;
        }
        while (clock.Elapsed.TotalSeconds < seconds);
        double elapsed = clock.Elapsed.TotalSeconds;
        long steps = batchSteps * numEnvs;
        return new BenchResult(id, numEnvs, Math.Min(threads, numEnvs), steps, elapsed, steps / elapsed);
    }

    private static void StepOnce(IVecEnv env, float[] actions, ref int batch, int nAct, float[] obs, float[] rewards,
                                 bool[] terminated, bool[] truncated)
    {
        int size = env.NumEnvs * nAct;
        env.Step(actions.AsSpan(batch * size, size), obs, rewards, terminated, truncated);
        batch = batch + 1 == ActionBatches ? 0 : batch + 1;
    }

    /// <summary>Uniform actions in each actuator's range, or random rows of the table for discrete contracts.</summary>
    private static float[] RandomActions(RobotContract contract, int numEnvs, ulong seed)
    {
        int nAct = contract.Actuators.Count;
        var actions = new float[ActionBatches * numEnvs * nAct];
        var rng = SimRng.ForStream(seed, -1);
        for (int row = 0; row < ActionBatches * numEnvs; row++)
        {
            Span<float> action = actions.AsSpan(row * nAct, nAct);
            if (contract.ActionKind == ActionKind.Discrete)
            {
                IReadOnlyList<float> choice = contract.DiscreteActions[rng.UniformInt(0, contract.DiscreteActions.Count - 1)];
                for (int a = 0; a < nAct; a++)
                {
                    action[a] = choice[a];
                }
            }
            else
            {
                for (int a = 0; a < nAct; a++)
                {
                    action[a] = rng.Uniform(contract.Actuators[a].Low, contract.Actuators[a].High);
                }
            }
        }
        return actions;
    }
}
