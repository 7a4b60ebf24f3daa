// The two places a sweep's trials run: this machine (a few worker processes at a time) and a Slurm cluster (one job
// array, one array task per trial). Both run the same thing per trial, `drl-train sweep-task DIR --task I`, so a
// trial's result does not depend on where it ran. We write no scheduler: Slurm schedules, and each trial is a folder.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace DrlRobot.Trainer.Sweeps;

/// <summary>How this drl-train starts itself again: the executable, and the assembly when it runs under `dotnet`.</summary>
public static class TrainerInvocation
{
    /// <summary>The command line (program first) that runs this drl-train.</summary>
    public static IReadOnlyList<string> Current()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is not known");
        string name = Path.GetFileNameWithoutExtension(process);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // `dotnet drl-train.dll …`: the host, then the trainer's assembly (tests run it so).
            string assembly = Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry && Path.GetFileNameWithoutExtension(entry) == "drl-train"
                ? entry : Path.Combine(AppContext.BaseDirectory, "drl-train.dll");
            return [process, assembly];
        }
        return [process];
    }

    /// <summary>Where the .NET runtime lives, for a framework-dependent apphost started where DOTNET_ROOT is unset.</summary>
    public static string DotnetRoot() =>
        // …/shared/Microsoft.NETCore.App/10.0.x/ → the root three levels up.
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
}

/// <summary>Runs trials on this machine, <c>workers</c> at a time, each in its own drl-train process.</summary>
public sealed class LocalBackend(SweepFolder folder, IReadOnlyList<string> trainer, int workers)
{
    /// <summary>Called as trials start and end (the console in the CLI).</summary>
    public Action<string> Say { get; init; } = Console.WriteLine;

    /// <summary>The signal that stopped the sweep (SIGINT 2, SIGTERM 15), or 0.</summary>
    public int StoppedBy { get; private set; }

    /// <summary>
    /// Runs <paramref name="trials"/> and returns each one's exit code. The first SIGINT or SIGTERM stops launching
    /// new trials; the running ones checkpoint and stop (Ctrl+C on a terminal reaches them itself, SIGTERM to this
    /// process is passed on), and are waited for. A second signal ends this process at once.
    /// </summary>
    public IReadOnlyDictionary<SweepTrial, int> Run(IReadOnlyList<SweepTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        Directory.CreateDirectory(folder.LogsDir);
        var results = new Dictionary<SweepTrial, int>();
        var running = new Dictionary<Process, (SweepTrial Trial, Stopwatch Clock, Task Copy)>();
        var pending = new Queue<SweepTrial>(trials);
        int started = 0, signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            if (Interlocked.Increment(ref signals) > 1)
            {
                return;
            }
            context.Cancel = true;
            StoppedBy = context.Signal == PosixSignal.SIGTERM ? 15 : 2;
            Say($"{(StoppedBy == 15 ? "SIGTERM" : "Ctrl+C")}: starting no more trials; the running ones checkpoint and stop (re-run the sweep to continue)");
            if (context.Signal == PosixSignal.SIGTERM)
            {
                lock (running)
                {
                    foreach (Process process in running.Keys)
                    {
                        Terminate(process.Id);
                    }
                }
            }
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        while (pending.Count > 0 || running.Count > 0)
        {
            while (StoppedBy == 0 && running.Count < workers && pending.TryDequeue(out SweepTrial? trial))
            {
                started++;
                (Process process, Task copy) = Start(trial);
                lock (running)
                {
                    running[process] = (trial, Stopwatch.StartNew(), copy);
                    if (StoppedBy == 15)
                    {
                        // The signal came while it started: it is told too.
                        Terminate(process.Id);
                    }
                }
                Say($"[{started}/{trials.Count}] {trial.Name} started (log {folder.LogPath(trial)})");
            }
            if (StoppedBy != 0)
            {
                pending.Clear();
            }
            if (running.Count == 0)
            {
                break;
            }
            Process[] processes;
            lock (running)
            {
                processes = [.. running.Keys];
            }
            int done = Task.WaitAny(processes.Select(p => p.WaitForExitAsync()).ToArray());
            Process ended = processes[done];
            (SweepTrial endedTrial, Stopwatch clock, Task copied) = running[ended];
            copied.Wait();
            lock (running)
            {
                running.Remove(ended);
            }
            results[endedTrial] = ended.ExitCode;
            Say($"{endedTrial.Name} {(ended.ExitCode == 0 ? "finished" : $"stopped with exit code {ended.ExitCode}")} after {clock.Elapsed.TotalSeconds:0.0} s");
            ended.Dispose();
        }
        return results;
    }

    private (Process Process, Task Copy) Start(SweepTrial trial)
    {
        var start = new ProcessStartInfo(trainer[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in trainer.Skip(1).Concat(["sweep-task", folder.Root, "--task", trial.Index.ToString(CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(arg);
        }
        var log = new FileStream(folder.LogPath(trial), FileMode.Append, FileAccess.Write, FileShare.Read);
        Process process = Process.Start(start) ?? throw new IOException($"could not start {trainer[0]}");
        // Both streams into one log, as a Slurm task's --output has them.
        var gate = new SemaphoreSlim(1, 1);
        async Task Pump(StreamReader reader)
        {
            char[] buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(buffer, 0, read);
                await gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    await log.WriteAsync(bytes).ConfigureAwait(false);
                    await log.FlushAsync().ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        Task copy = Task.WhenAll(Pump(process.StandardOutput), Pump(process.StandardError))
            .ContinueWith(_ => { log.Dispose(); gate.Dispose(); }, TaskScheduler.Default);
        return (process, copy);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static void Terminate(int pid)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Kill(pid, 15);
        }
    }
}

/// <summary>Writes a sweep's Slurm job-array script and submits it.</summary>
public static class SlurmBackend
{
    /// <summary>
    /// The sbatch script that runs <paramref name="trials"/> of the sweep as one job array (task id = trial index),
    /// with the spec's resources and one log per task under logs/.
    /// </summary>
    public static string Script(SweepFolder folder, SweepSpec spec, IReadOnlyList<SweepTrial> trials, IReadOnlyList<string> trainer)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(trainer);
        SlurmResources r = spec.Slurm;
        var script = new StringBuilder();
        script.Append("#!/bin/bash\n");
        script.Append(CultureInfo.InvariantCulture, $"# Sweep {spec.Name}: one array task per trial, each `drl-train sweep-task` (see sweep.json for the trials).\n");
        script.Append("# Written by `drl-train sweep --backend slurm`; re-running the sweep rewrites it with the trials still to run.\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={spec.Name}\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --array={ArrayRanges(trials.Select(t => t.Index))}{(r.MaxParallel is int max ? $"%{max}" : "")}\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={r.CpusPerTask}\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --mem={r.Mem}\n");
        if (r.Time is { } time) script.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        if (r.Partition is { } partition) script.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={folder.LogsDir}/slurm-%A_%a.out\n");
        script.Append("#SBATCH --open-mode=append\n");
        foreach (string arg in r.SbatchArgs)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH {arg}\n");
        }
        script.Append('\n');
        if (trainer.Count == 1)
        {
            script.Append(CultureInfo.InvariantCulture, $"export DOTNET_ROOT=\"${{DOTNET_ROOT:-{TrainerInvocation.DotnetRoot()}}}\"\n");
        }
        // scancel and the time limit send SIGTERM: drl-train checkpoints where it is and exits 143; re-running the sweep resumes it.
        script.Append("exec ").Append(string.Join(' ', trainer.Select(Quote)))
              .Append(" sweep-task ").Append(Quote(folder.Root)).Append(" --task \"$SLURM_ARRAY_TASK_ID\"\n");
        return script.ToString();
    }

    /// <summary>0,1,2,5,7,8 → "0-2,5,7-8".</summary>
    public static string ArrayRanges(IEnumerable<int> indices)
    {
        int[] sorted = [.. indices.Distinct().Order()];
        var parts = new List<string>();
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }
            parts.Add(j == i ? sorted[i].ToString(CultureInfo.InvariantCulture) : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    /// <summary>The array job ids of this user's jobs still queued or running, or throws when squeue cannot be run.</summary>
    public static IReadOnlySet<string> QueuedJobs()
    {
        (int code, string output, string error) = Tool("squeue", ["-h", "-o", "%F"], TimeSpan.FromSeconds(30));
        if (code != 0)
        {
            throw new IOException($"squeue failed (exit {code}): {error.Trim()}");
        }
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Submits the script with sbatch and returns the job id; with <paramref name="wait"/>, returns when the job has ended.</summary>
    public static string Submit(string scriptPath, bool wait, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(say);
        List<string> args = ["--parsable"];
        if (wait)
        {
            args.Add("--wait");
        }
        args.Add(scriptPath);
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        args.ForEach(start.ArgumentList.Add);
        using Process process = StartTool(start);
        // With --wait, sbatch prints the job id at once and its exit code only when the job ends.
        string? first = process.StandardOutput.ReadLine();
        string jobId = first?.Split(';')[0].Trim() ?? "";
        if (jobId.Length > 0 && jobId.All(char.IsAsciiDigit))
        {
            say(wait ? $"submitted job {jobId}; waiting for it to end (squeue -j {jobId})" : $"submitted job {jobId} (squeue -j {jobId})");
        }
        string rest = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (jobId.Length == 0 || !jobId.All(char.IsAsciiDigit))
        {
            throw new IOException($"sbatch did not submit {scriptPath}: {(error + first + rest).ReplaceLineEndings(" ").Trim()}");
        }
        return jobId;
    }

    private static (int Code, string Output, string Error) Tool(string name, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = StartTool(start);
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            throw new IOException($"{name} did not answer within {timeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static Process StartTool(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new IOException($"could not start {start.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"{start.FileName} not found: Slurm is not installed here (build/slurm/cluster.sh start makes a one-node cluster on this machine)", e);
        }
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
