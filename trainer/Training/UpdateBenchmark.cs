// What one gradient update costs, beside what its arithmetic alone would cost on this machine. The agent is the one
// training builds, fed by its own env, and the update is timed as training times it (perf/update_seconds: the
// minibatch steps with their share of the per-rollout work for PPO, sampling and the whole SAC/TD3/DQN step for the
// off-policy learners). The floor counts the matrix products of the networks' forward and backward passes (two
// FLOPs per multiply-add; a backward pass is twice its forward) and divides by the rate this machine reaches on one
// large single-precision matrix product with the same threads. Elementwise work, the optimiser and libtorch's
// per-call overhead are all above the floor, which is the point: the ratio is the gap left to close.
using System.Diagnostics;
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Training;

/// <summary>One measurement of <c>drl-train bench-update</c>.</summary>
/// <param name="Algo">ppo, sac, td3 or dqn.</param>
/// <param name="Env">The env whose contract sized the networks and whose experience fed them.</param>
/// <param name="Hidden">Hidden widths of every network.</param>
/// <param name="Batch">Samples per update (PPO's minibatch, the off-policy batch).</param>
/// <param name="Threads">libtorch threads.</param>
/// <param name="Updates">Updates timed.</param>
/// <param name="MillisecondsPerUpdate">Mean wall time of one update.</param>
/// <param name="MicrosecondsPerSample">The same per sample of the batch.</param>
/// <param name="MegaflopsPerUpdate">Matrix-product arithmetic of one update.</param>
/// <param name="MachineGflops">What one large matrix product reaches here with these threads.</param>
/// <param name="FloorMilliseconds">The update's arithmetic at that rate.</param>
/// <param name="RatioToFloor">Measured time over the floor.</param>
public sealed record UpdateBenchResult(
    string Algo, string Env, IReadOnlyList<int> Hidden, int Batch, int Threads, long Updates,
    double MillisecondsPerUpdate, double MicrosecondsPerSample, double MegaflopsPerUpdate,
    double MachineGflops, double FloorMilliseconds, double RatioToFloor);

/// <summary>Times the updates of a real agent.</summary>
internal static class UpdateBenchmark
{
    /// <summary>Trains <paramref name="config"/>'s agent for about <paramref name="seconds"/> after a warm-up and reports its updates.</summary>
    public static UpdateBenchResult Run(TrainConfig config, double seconds)
    {
        ArgumentNullException.ThrowIfNull(config);
        TorchRuntime.EnsureLoaded();
        if (config.TorchThreads > 0)
        {
            torch.set_num_threads(config.TorchThreads);
        }
        torch.manual_seed((long)(config.Seed & long.MaxValue));
        using IVecEnv env = EnvRegistry.Create(config.Env, config.NumEnvs, new EnvOptions
        {
            Threads = config.SimThreads, MaxEpisodeSteps = config.TrainMaxEpisodeSteps,
        });
        var episodes = new EpisodeTracker(config.NumEnvs, config.ReturnWindow);
        using IAgent agent = AgentFactory.Create(config, env, torch.CPU, episodes);
        agent.ResetEnvs(config.Seed);

        // Warm-up: one iteration past the first updates (JIT, allocator, libtorch's first calls).
        double updateSeconds;
        do
        {
            updateSeconds = UpdateSeconds(agent.Iterate());
        }
        while (agent.Updates == 0);
        updateSeconds = UpdateSeconds(agent.Iterate());
        long firstUpdates = agent.Updates;
        double firstSeconds = updateSeconds;
        var clock = Stopwatch.StartNew();
        do
        {
            updateSeconds = UpdateSeconds(agent.Iterate());
        }
        while (clock.Elapsed.TotalSeconds < seconds && agent.Steps < config.Steps);
        long updates = agent.Updates - firstUpdates;
        if (updates <= 0)
        {
            throw new InvalidOperationException("no update ran while measuring; raise --seconds");
        }
        double perUpdate = (updateSeconds - firstSeconds) / updates;

        (IReadOnlyList<int> hidden, int batch) = Shape(config);
        double flops = Flops(config, env.Contract);
        double rate = MachineFlopsPerSecond();
        double floor = flops / rate;
        return new UpdateBenchResult(
            config.Algo.ToString().ToLowerInvariant(), config.Env, hidden, batch, torch.get_num_threads(), updates,
            perUpdate * 1e3, perUpdate / batch * 1e6, flops / 1e6, rate / 1e9, floor * 1e3, perUpdate / floor);
    }

    private static double UpdateSeconds(IReadOnlyList<Metric> metrics) =>
        metrics.First(m => m.Name == "perf/update_seconds").Value;

    /// <summary>Hidden widths and samples per update of <paramref name="config"/>'s algorithm.</summary>
    public static (IReadOnlyList<int> Hidden, int Batch) Shape(TrainConfig config) => config.Algo switch
    {
        Algorithm.Ppo => (config.Ppo.Hidden, config.Ppo.MinibatchSize),
        Algorithm.Sac => (config.Sac.Hidden, config.Sac.BatchSize),
        Algorithm.Td3 => (config.Td3.Hidden, config.Td3.BatchSize),
        Algorithm.Dqn => (config.Dqn.Hidden, config.Dqn.BatchSize),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Algo, "unknown algorithm"),
    };

    /// <summary>
    /// Matrix-product FLOPs of one update: 2 per multiply-add forward, 4 backward (gradients of inputs and weights).
    /// </summary>
    public static double Flops(TrainConfig config, RobotContract contract)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(contract);
        int obs = contract.Observations.Count, outputs = new ActionMapper(contract).NetworkOutputs;
        int act = contract.Actuators.Count;
        (IReadOnlyList<int> hidden, int batch) = Shape(config);
        const double Forward = 2, ForwardBackward = 6;
        double perSample = config.Algo switch
        {
            // Actor and critic, each forward and backward.
            Algorithm.Ppo => ForwardBackward * (MultiplyAdds(obs, hidden, outputs) + MultiplyAdds(obs, hidden, 1)),
            // Critics: next action, two target critics, two critics trained; actor (every policy_frequency-th update):
            // actor trained through both critics.
            Algorithm.Sac => Forward * MultiplyAdds(obs, hidden, 2 * act) + 2 * Forward * MultiplyAdds(obs + act, hidden, 1)
                             + 2 * ForwardBackward * MultiplyAdds(obs + act, hidden, 1)
                             + (ForwardBackward * MultiplyAdds(obs, hidden, 2 * act) + 2 * ForwardBackward * MultiplyAdds(obs + act, hidden, 1)) / config.Sac.PolicyFrequency,
            // Critics: target actor, two target critics, two critics trained; actor (every policy_delay-th) through the first critic.
            Algorithm.Td3 => Forward * MultiplyAdds(obs, hidden, act) + 2 * Forward * MultiplyAdds(obs + act, hidden, 1)
                             + 2 * ForwardBackward * MultiplyAdds(obs + act, hidden, 1)
                             + (ForwardBackward * MultiplyAdds(obs, hidden, act) + ForwardBackward * MultiplyAdds(obs + act, hidden, 1)) / config.Td3.PolicyDelay,
            // Double DQN: the online network trained, and the online and target networks on the next observations.
            Algorithm.Dqn => (ForwardBackward + 2 * Forward) * MultiplyAdds(obs, hidden, outputs),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Algo, "unknown algorithm"),
        };
        return perSample * batch;
    }

    /// <summary>Multiply-adds of one sample through <c>inputs → hidden… → outputs</c>.</summary>
    public static double MultiplyAdds(int inputs, IReadOnlyList<int> hidden, int outputs)
    {
        int[] widths = [inputs, .. hidden, outputs];
        double total = 0;
        for (int i = 0; i + 1 < widths.Length; i++)
        {
            total += (double)widths[i] * widths[i + 1];
        }
        return total;
    }

    // The best of several timings of a 1024³ single-precision matrix product (2.1 GFLOP) with the current threads.
    private static double MachineFlopsPerSecond()
    {
        const int N = 1024;
        using var scope = torch.NewDisposeScope();
        Tensor a = torch.rand(N, N), b = torch.rand(N, N);
        a.mm(b).Dispose();
        double best = double.PositiveInfinity;
        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            a.mm(b).Dispose();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * N * N * N / best;
    }
}
