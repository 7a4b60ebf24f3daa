// The outer loop of every algorithm: set up the run directory, resume from the newest good checkpoint, iterate
// until the step budget is spent while logging and checkpointing, then evaluate and write the artefacts.
using System.Diagnostics;
using DrlRobot.Sim;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Training;

/// <summary>What the session reports while it runs (the console's progress bar, or nothing in tests).</summary>
public interface ITrainingProgress
{
    /// <summary>Called after every iteration.</summary>
    void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes);

    /// <summary>A line for the user (resumed from…, skipped a corrupt checkpoint…).</summary>
    void Note(string message);
}

/// <summary>The result of a finished run.</summary>
public sealed record TrainingResult(string RunDir, long Steps, double WallSeconds, EvalResult? Evaluation)
{
    /// <summary>Where this session's training time went.</summary>
    public TimeProfile? Profile { get; init; }

    /// <summary>True when cancellation stopped the run before its step budget was spent.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The newest checkpoint when the run stopped (an interrupted run writes one at the step it stopped).</summary>
    public string? Checkpoint { get; init; }
}

/// <summary>Seconds spent stepping the simulator, choosing actions and updating networks, of the wall time.</summary>
public sealed record TimeProfile(double SimulationSeconds, double InferenceSeconds, double UpdateSeconds, double WallSeconds)
{
    /// <summary>Logging, checkpoints and everything else.</summary>
    public double OtherSeconds => Math.Max(0, WallSeconds - SimulationSeconds - InferenceSeconds - UpdateSeconds);

    /// <inheritdoc />
    public override string ToString() =>
        $"simulation {SimulationSeconds:0.0} s ({Share(SimulationSeconds)}), action selection {InferenceSeconds:0.0} s ({Share(InferenceSeconds)}), " +
        $"updates {UpdateSeconds:0.0} s ({Share(UpdateSeconds)}), other {OtherSeconds:0.0} s ({Share(OtherSeconds)})";

    private string Share(double seconds) => WallSeconds > 0 ? $"{seconds / WallSeconds:P0}" : "–";
}

/// <summary>Runs one training job in a run directory.</summary>
public sealed class TrainingSession(TrainConfig config, string runDir, ITrainingProgress progress)
{
    /// <summary>Called after each checkpoint is written; tests use it to stop a run as a kill would.</summary>
    public Action<long>? AfterCheckpoint { get; init; }

    /// <summary>Trains (or resumes) until the step budget is spent or <paramref name="cancel"/> fires.</summary>
    public TrainingResult Run(bool resume, CancellationToken cancel = default)
    {
        var run = new RunDirectory(runDir);
        if (!resume && new CheckpointStore(run.CheckpointsDir, config.CheckpointsKept).List().Count > 0)
        {
            throw new ArgumentException($"{run.Root} already holds a run; continue it with --resume or choose another --out");
        }
        // The device first: a run that cannot start leaves no folder behind.
        TorchRuntime.EnsureLoaded();
        Device device = ResolveDevice(config.Device);
        run.EnsureWritable();
        using FileStream runLock = run.Lock();
        if (config.TorchThreads > 0)
        {
            torch.set_num_threads(config.TorchThreads);
        }
        torch.manual_seed((long)(config.Seed & long.MaxValue));
        if (!resume)
        {
            AtomicFile.WriteText(run.ConfigPath, ConfigLoader.ToJson(config));
        }
        string hash = ConfigLoader.Hash(config);

        IVecEnv simulated = EnvRegistry.Create(config.Env, config.NumEnvs, new EnvOptions
        {
            Threads = config.SimThreads, MaxEpisodeSteps = config.TrainMaxEpisodeSteps, Randomization = config.Randomization,
        });
        using IVecEnv env = config.ActionRatePenalty is double penalty ? new DrlRobot.Sim.Vec.ActionRatePenalty(simulated, penalty) : simulated;
        var episodes = new EpisodeTracker(config.NumEnvs, config.ReturnWindow);
        using IAgent agent = AgentFactory.Create(config, env, device, episodes);
        var checkpoints = new CheckpointStore(run.CheckpointsDir, config.CheckpointsKept);

        long? resumedAt = resume ? LoadNewest(checkpoints, ConfigLoader.AcceptedHashes(config), agent, episodes) : null;
        if (resume)
        {
            // Only once the checkpoint has been read: a failed resume leaves the run folder as it was.
            AtomicFile.WriteText(run.ConfigPath, ConfigLoader.ToJson(config));
        }
        agent.ResetEnvs(EpisodeSeed(agent.Steps));

        // Earlier sessions' time up to the checkpoint this one continues from (0 when unrecorded: the card then undercounts).
        double earlierSeconds = resumedAt is long from ? TrainingTime.At(run.WallTimePath, from) ?? 0 : 0;
        var stopwatch = Stopwatch.StartNew();
        IReadOnlyList<Metric> metrics = [];
        using var tensorboard = new TensorBoardWriter(run.Root);
        ProgressLog? log = null;
        long nextCheckpoint = (agent.Steps / config.CheckpointEvery + 1) * config.CheckpointEvery;
        long lastCheckpoint = resumedAt ?? -1;
        string? lastCheckpointPath = null;
        long startSteps = agent.Steps;
        try
        {
            while (agent.Steps < config.Steps && !cancel.IsCancellationRequested)
            {
                metrics = agent.Iterate();
                if (metrics.FirstOrDefault(m => m.Name.StartsWith("losses/", StringComparison.Ordinal) && !double.IsFinite(m.Value)) is { Name: not null } bad)
                {
                    string kept = lastCheckpoint >= 0 ? $"the last good checkpoint is at step {lastCheckpoint}" : "no checkpoint was written yet";
                    throw new TrainingDivergedException($"training diverged: {bad.Name} became {bad.Value} at step {agent.Steps}; {kept}");
                }
                // Timings vary from run to run, so they go to TensorBoard and the card; the agent's columns never name them.
                log ??= new ProgressLog(run.ProgressPath, agent.ProgressColumns, resumedAt);
                log.Append(agent.Steps, episodes.Episodes, episodes.RecentMeanReturn, episodes.RecentMeanLength, episodes.RecentSuccessRate, metrics);
                double sps = (agent.Steps - startSteps) / Math.Max(1e-9, stopwatch.Elapsed.TotalSeconds);
                WriteScalars(tensorboard, agent.Steps, episodes, metrics, sps);
                progress.Report(agent.Steps, config.Steps, sps, episodes.RecentMeanReturn, episodes.Episodes);

                if (agent.Steps >= nextCheckpoint || agent.Steps >= config.Steps)
                {
                    lastCheckpointPath = SaveCheckpoint(checkpoints, run, hash, agent, episodes, earlierSeconds + stopwatch.Elapsed.TotalSeconds);
                    lastCheckpoint = agent.Steps;
                    nextCheckpoint = (agent.Steps / config.CheckpointEvery + 1) * config.CheckpointEvery;
                    AfterCheckpoint?.Invoke(agent.Steps);
                    // Fresh episodes after every checkpoint, so a run resumed from it continues exactly as this one.
                    agent.ResetEnvs(EpisodeSeed(agent.Steps));
                }
            }
            if (cancel.IsCancellationRequested && agent.Steps < config.Steps && agent.Steps > startSteps && lastCheckpoint != agent.Steps)
            {
                // Stopped by the user (Ctrl+C, SIGTERM) after a whole iteration: keep it, so --resume continues from here.
                lastCheckpointPath = SaveCheckpoint(checkpoints, run, hash, agent, episodes, earlierSeconds + stopwatch.Elapsed.TotalSeconds);
                lastCheckpoint = agent.Steps;
            }
        }
        finally
        {
            log?.Dispose();
            tensorboard.Flush();
        }
        double sessionWall = stopwatch.Elapsed.TotalSeconds;
        double wall = earlierSeconds + sessionWall;
        var profile = new TimeProfile(
            metrics.FirstOrDefault(m => m.Name == "perf/simulation_seconds").Value,
            metrics.FirstOrDefault(m => m.Name == "perf/inference_seconds").Value,
            metrics.FirstOrDefault(m => m.Name == "perf/update_seconds").Value,
            sessionWall);
        if (agent.Steps < config.Steps)
        {
            return new TrainingResult(run.Root, agent.Steps, wall, null)
            {
                Profile = profile, Interrupted = cancel.IsCancellationRequested, Checkpoint = lastCheckpointPath ?? checkpoints.List().LastOrDefault(),
            };
        }

        EvalResult? evaluation = config.EvalEpisodes > 0
            ? Evaluation.Run(config.Env, config.EvalEpisodes, config.EvalSeed, 32, agent.Act)
            : null;
        // A randomised run is also judged on the spread of robots it trained for, on the same unseen seeds.
        EvalResult? randomized = config.EvalEpisodes > 0 && config.Randomization is { } ranges
            ? Evaluation.Run(config.Env, config.EvalEpisodes, config.EvalSeed, 32, agent.Act, ranges)
            : null;
        var artefacts = new RunArtefacts(run, config);
        artefacts.Write(agent, env.Contract, evaluation, wall, profile, randomized);
        return new TrainingResult(run.Root, agent.Steps, wall, evaluation) { Profile = profile };
    }

    private ulong EpisodeSeed(long steps) => config.Seed * 0x9E3779B97F4A7C15UL + (ulong)steps;

    private long? LoadNewest(CheckpointStore checkpoints, IReadOnlyList<string> hashes, IAgent agent, EpisodeTracker episodes)
    {
        IReadOnlyList<string> files = checkpoints.List();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"--resume: no checkpoint in {runDir}/checkpoints");
        }
        foreach (string file in files.Reverse())
        {
            try
            {
                (long step, byte[] payload) = CheckpointStore.Read(file, hashes);
                using var reader = new BinaryReader(new MemoryStream(payload));
                agent.Load(reader);
                episodes.Load(reader);
                progress.Note($"resumed from {Path.GetFileName(file)} at step {step}");
                return step;
            }
            catch (InvalidDataException e)
            {
                progress.Note($"skipping {e.Message}");
            }
        }
        throw new InvalidDataException($"--resume: no readable checkpoint in {runDir}/checkpoints");
    }

    private static string SaveCheckpoint(CheckpointStore checkpoints, RunDirectory run, string hash, IAgent agent, EpisodeTracker episodes, double totalSeconds)
    {
        string path = checkpoints.Save(agent.Steps, hash, w => SaveState(w, agent, episodes));
        TrainingTime.Record(run.WallTimePath, agent.Steps, totalSeconds, checkpoints.List().Select(StepOf).OfType<long>());
        return path;
    }

    private static long? StepOf(string checkpoint) =>
        long.TryParse(Path.GetFileNameWithoutExtension(checkpoint).AsSpan("step-".Length), System.Globalization.NumberStyles.None,
                      System.Globalization.CultureInfo.InvariantCulture, out long step) ? step : null;

    private static void SaveState(BinaryWriter writer, IAgent agent, EpisodeTracker episodes)
    {
        agent.Save(writer);
        episodes.Save(writer);
    }

    private static void WriteScalars(TensorBoardWriter tensorboard, long step, EpisodeTracker episodes, IReadOnlyList<Metric> metrics, double sps)
    {
        if (!double.IsNaN(episodes.RecentMeanReturn))
        {
            tensorboard.Scalar("charts/episodic_return", episodes.RecentMeanReturn, step);
            tensorboard.Scalar("charts/episodic_length", episodes.RecentMeanLength, step);
            tensorboard.Scalar("charts/success_rate", episodes.RecentSuccessRate, step);
        }
        tensorboard.Scalar("charts/sps", sps, step);
        foreach (Metric metric in metrics)
        {
            tensorboard.Scalar(metric.Name, metric.Value, step);
        }
    }

    /// <summary>auto → CUDA when libtorch sees a device, else the CPU; cuda without a device is an error.</summary>
    public static Device ResolveDevice(DeviceChoice choice)
    {
        bool cuda = torch.cuda.is_available();
        return choice switch
        {
            DeviceChoice.Cpu => torch.CPU,
            DeviceChoice.Cuda when !cuda => throw new ArgumentException("--device cuda: no CUDA device is available (see `drl-train doctor`; build with -p:TorchBackend=cuda)"),
            DeviceChoice.Cuda => torch.CUDA,
            _ => cuda ? torch.CUDA : torch.CPU,
        };
    }
}
