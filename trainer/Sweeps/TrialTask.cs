// One trial of a sweep, as a Slurm array task or a local worker runs it (`drl-train sweep-task DIR --task I`): it
// skips a finished trial, resumes one that has a checkpoint and trains a new one, exactly as `drl-train train` would,
// and records how it ended in status/<trial>.json so that `drl-train report` can name failed trials.
using System.Text.Json;
using DrlRobot.Cli;
using DrlRobot.Trainer.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;

namespace DrlRobot.Trainer.Sweeps;

/// <summary>How a trial's last attempt went (status/&lt;trial&gt;.json).</summary>
public sealed record TrialStatus
{
    /// <summary>running, finished, interrupted or failed.</summary>
    public required string State { get; init; }

    /// <summary>drl-train's exit code (none while running).</summary>
    public int? ExitCode { get; init; }

    /// <summary>The error, for a failed attempt.</summary>
    public string? Message { get; init; }

    /// <summary>Attempts so far (a resume is one more).</summary>
    public int Attempts { get; init; }

    /// <summary>Machine the attempt ran on.</summary>
    public string Host { get; init; } = "";

    /// <summary>Slurm job and array task (JOB_TASK), when it ran under Slurm.</summary>
    public string? SlurmJob { get; init; }

    /// <summary>When the attempt began (UTC, ISO 8601).</summary>
    public string? Started { get; init; }

    /// <summary>When it ended.</summary>
    public string? Ended { get; init; }
}

/// <summary>Runs one trial of a sweep.</summary>
public static class TrialTask
{
    private static readonly JsonSerializerOptions Json = ConfigLoader.Options;

    /// <summary>Reads a trial's status, or null when it has none (never started) or it is unreadable.</summary>
    public static TrialStatus? ReadStatus(SweepFolder folder, SweepTrial trial)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            string path = folder.StatusPath(trial);
            return File.Exists(path) ? JsonSerializer.Deserialize<TrialStatus>(File.ReadAllText(path), Json) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>Runs trial <paramref name="index"/> of the sweep in <paramref name="root"/> and returns drl-train's exit code.</summary>
    public static int Run(string root, int index, CancellationToken cancel)
    {
        var folder = new SweepFolder(root);
        SweepPlanFile plan = folder.Load();
        if (index < 0 || index >= plan.Trials.Count)
        {
            throw new ArgumentException($"--task {index}: the sweep in {folder.Root} has trials 0–{plan.Trials.Count - 1}");
        }
        SweepTrial trial = plan.Trials[index];
        string dir = folder.TrialDir(trial);
        TrialState state = folder.StateOf(trial);
        if (state == TrialState.Finished)
        {
            Console.WriteLine($"trial {trial.Name} is finished ({dir}); nothing to do");
            return ExitCodes.Success;
        }
        TrialStatus? previous = ReadStatus(folder, trial);
        string? slurm = Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID") is { } job
            ? $"{job}_{Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID")}" : Environment.GetEnvironmentVariable("SLURM_JOB_ID");
        var running = new TrialStatus
        {
            State = "running",
            Attempts = (previous?.Attempts ?? 0) + 1,
            Host = Environment.MachineName,
            SlurmJob = slurm,
            Started = DateTime.UtcNow.ToString("O"),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(folder.StatusPath(trial))!);
        Write(folder, trial, running);
        Console.WriteLine(state == TrialState.Resumable
            ? $"trial {trial.Name}: resuming {dir} (attempt {running.Attempts})"
            : $"trial {trial.Name}: training {dir} (configuration {trial.Configuration}, seed {trial.Seed})");
        int code;
        try
        {
            code = state == TrialState.Resumable
                ? TrainCommand.Train(null, new ConfigOverrides(), dir, resuming: true, cancel)
                : TrainCommand.Train(folder.ConfigPath(trial.Configuration), new ConfigOverrides { Seed = trial.Seed }, dir, resuming: false, cancel);
        }
        catch (Exception e)
        {
            (int failed, string message) = CliHost.Classify(e);
            Write(folder, trial, running with { State = "failed", ExitCode = failed, Message = message, Ended = DateTime.UtcNow.ToString("O") });
            throw;
        }
        string outcome = code == ExitCodes.Success ? "finished"
            : code is TrainingStopSignals.InterruptedExitCode or TrainingStopSignals.TerminatedExitCode ? "interrupted" : "failed";
        Write(folder, trial, running with { State = outcome, ExitCode = code, Ended = DateTime.UtcNow.ToString("O") });
        return code;
    }

    private static void Write(SweepFolder folder, SweepTrial trial, TrialStatus status) =>
        AtomicFile.WriteText(folder.StatusPath(trial), JsonSerializer.Serialize(status, Json));
}
