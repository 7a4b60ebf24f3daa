// The check a user with a GPU runs first: does a run that is stopped and resumed on this device end with exactly the
// weights, optimiser state and generators of one that was never stopped? It trains each algorithm for a few thousand
// steps on tiny networks twice, the second time stopped after its first checkpoint and resumed, and compares the
// final checkpoints byte for byte. On the CPU this is what the test suite asserts; on CUDA it is the only way to know
// (parameters replaced behind the optimiser, a device generator left out of the checkpoint, would each show here).
using System.Diagnostics;
using System.Text.Json.Nodes;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;

namespace DrlRobot.Trainer.Training;

/// <summary>One algorithm's stop-and-resume comparison.</summary>
/// <param name="Algo">ppo, sac, td3 or dqn.</param>
/// <param name="Env">The env it trained on.</param>
/// <param name="Steps">Steps of each run.</param>
/// <param name="StoppedAt">The step at which the second run was stopped and from which it resumed.</param>
/// <param name="Identical">The resumed run's final checkpoint equals the uninterrupted run's, byte for byte.</param>
/// <param name="Seconds">Wall time of both runs.</param>
public sealed record ResumeCheckResult(string Algo, string Env, long Steps, long StoppedAt, bool Identical, double Seconds);

/// <summary>Trains, stops, resumes and compares on one device.</summary>
internal static class ResumeCheck
{
    private sealed class Quiet : ITrainingProgress
    {
        public void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes) { }

        public void Note(string message) { }
    }

    /// <summary>Runs the comparison for <paramref name="algo"/> on <paramref name="device"/> in a folder under <paramref name="workDir"/>.</summary>
    public static ResumeCheckResult Run(Algorithm algo, DeviceChoice device, string workDir)
    {
        TrainConfig config = Config(algo, device);
        var clock = Stopwatch.StartNew();
        string straight = Path.Combine(workDir, $"{config.Env}-{algo.ToString().ToLowerInvariant()}-straight");
        string resumed = Path.Combine(workDir, $"{config.Env}-{algo.ToString().ToLowerInvariant()}-resumed");
        new TrainingSession(config, straight, new Quiet()).Run(resume: false);

        long stoppedAt;
        using (var stop = new CancellationTokenSource())
        {
            var first = new TrainingSession(config, resumed, new Quiet()) { AfterCheckpoint = step => stop.Cancel() };
            stoppedAt = first.Run(resume: false, stop.Token).Steps;
        }
        new TrainingSession(config, resumed, new Quiet()).Run(resume: true);

        byte[] a = File.ReadAllBytes(Newest(straight, config)), b = File.ReadAllBytes(Newest(resumed, config));
        return new ResumeCheckResult(algo.ToString().ToLowerInvariant(), config.Env, config.Steps, stoppedAt, a.AsSpan().SequenceEqual(b), clock.Elapsed.TotalSeconds);
    }

    private static string Newest(string runDir, TrainConfig config) =>
        new CheckpointStore(new RunDirectory(runDir).CheckpointsDir, config.CheckpointsKept).List()[^1];

    // A few hundred (PPO) or thousand steps on 16-wide networks, with a checkpoint halfway and updates on both sides of it.
    private static TrainConfig Config(Algorithm algo, DeviceChoice device)
    {
        string section = algo.ToString().ToLowerInvariant();
        JsonObject keys = algo == Algorithm.Ppo
            ? new JsonObject { ["rollout_steps"] = 32, ["minibatch_size"] = 64, ["epochs"] = 2, ["hidden"] = new JsonArray(16, 16) }
            : new JsonObject { ["learning_starts"] = 64, ["batch_size"] = 32, ["hidden"] = new JsonArray(16, 16), ["updates_per_step"] = 0.25 };
        // Off-policy agents iterate 1000 steps at a time, so their checkpoint comes after the first thousand.
        (string env, long steps, long every) = algo switch
        {
            Algorithm.Ppo => ("lander", 4 * 4 * 32L, 2 * 4 * 32L),
            Algorithm.Dqn => ("lander-discrete", 2000L, 1000L),
            Algorithm.Sac => ("pendulum", 2000L, 1000L),
            _ => ("lander", 2000L, 1000L),
        };
        var json = new JsonObject
        {
            ["num_envs"] = 4, ["checkpoint_every"] = every, ["eval_episodes"] = 0, [section] = keys,
        };
        return ConfigLoader.Resolve(json, "resume check", new ConfigOverrides { Env = env, Algo = algo, Steps = steps, Seed = 7, Device = device });
    }
}
