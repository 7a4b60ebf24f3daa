// `drl-train sweep SPEC.json --out DIR`: many runs (configurations × seeds) on this machine or a Slurm cluster, each
// an ordinary run folder under DIR/trials; re-running skips finished trials and resumes interrupted ones.
// `drl-train sweep-task DIR --task I` is one trial, what every worker and Slurm array task runs.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Trainer.Sweeps;

namespace DrlRobot.Trainer.Cli;

/// <summary>Where a sweep's trials run.</summary>
public enum SweepBackendChoice { Local, Slurm }

internal static class SweepCommand
{
    public static Command Create()
    {
        var specFile = new Argument<string>("SPEC") { Description = "Sweep spec (JSON): env, algo, seeds, configurations / grid / random, slurm resources" };
        var output = new Option<string>("--out") { Description = "Sweep folder (sweep.json, configs/, trials/, status/, logs/)", Required = true };
        var backend = new Option<SweepBackendChoice>("--backend") { Description = "local (this machine) or slurm (an sbatch job array)", DefaultValueFactory = _ => SweepBackendChoice.Local };
        var workers = new Option<int?>("--workers") { Description = "local: trials at a time; default one per two cores" };
        var submit = new Option<bool>("--submit") { Description = "slurm: submit the job array with sbatch (otherwise only write DIR/sweep.sbatch)" };
        var wait = new Option<bool>("--wait") { Description = "slurm: with --submit, wait for the job array to end and print the outcome" };
        var trainer = new Option<string?>("--trainer") { Description = "slurm: the drl-train executable the tasks run (default this one; it must be reachable from the nodes)" };
        var command = new Command("sweep", "Train every configuration × seed of a sweep spec, locally or as a Slurm job array") { specFile, output, backend, workers, submit, wait, trainer };
        command.SetAction(parse =>
        {
            string source = parse.GetValue(specFile)!;
            SweepSpec spec = SweepSpecs.Read(source);
            var folder = new SweepFolder(parse.GetValue(output)!);
            SweepBackendChoice where = parse.GetValue(backend);
            int? workerCount = parse.GetValue(workers);
            if (workerCount is < 1 or > 1024)
            {
                throw new ArgumentException($"--workers must be 1–1024, got {workerCount}");
            }
            if (where == SweepBackendChoice.Local && (parse.GetValue(submit) || parse.GetValue(wait) || parse.GetValue(trainer) is not null))
            {
                throw new ArgumentException("--submit, --wait and --trainer are for --backend slurm");
            }
            if (where == SweepBackendChoice.Slurm && workerCount is not null)
            {
                throw new ArgumentException("--workers is for --backend local; a Slurm sweep limits its tasks with slurm.max_parallel in the spec");
            }
            if (parse.GetValue(wait) && !parse.GetValue(submit))
            {
                throw new ArgumentException("--wait waits for a submitted job: add --submit");
            }
            if (parse.GetValue(trainer) is { } program && !File.Exists(program))
            {
                throw new FileNotFoundException($"--trainer {program}: no such file");
            }
            IReadOnlyList<string> self = parse.GetValue(trainer) is { } path ? [Path.GetFullPath(path)] : TrainerInvocation.Current();

            SweepPlanFile plan = folder.Prepare(spec, source);
            List<SweepTrial> pending = plan.Trials.Where(t => folder.StateOf(t) != TrialState.Finished).ToList();
            int resumable = pending.Count(t => folder.StateOf(t) == TrialState.Resumable);
            Console.WriteLine($"sweep {spec.Name}: {plan.Configurations.Count} configuration(s) × {spec.Seeds.Count} seed(s) = {plan.Trials.Count} trials in {folder.Root}; " +
                              $"{plan.Trials.Count - pending.Count} finished, {resumable} to resume, {pending.Count - resumable} to train");
            if (pending.Count == 0)
            {
                Console.WriteLine($"every trial is finished; `drl-train report {folder.Root}` sums them up");
                return ExitCodes.Success;
            }
            return where == SweepBackendChoice.Local
                ? RunLocal(folder, pending, self, workerCount ?? Math.Max(1, Environment.ProcessorCount / 2))
                : RunSlurm(folder, spec, plan, pending, self, parse.GetValue(submit), parse.GetValue(wait));
        });
        return command;
    }

    public static Command CreateTask()
    {
        var dir = new Argument<string>("DIR") { Description = "Sweep folder" };
        var task = new Option<int>("--task") { Description = "Trial index (a Slurm array task id)", Required = true };
        var command = new Command("sweep-task", "Run one trial of a sweep: train it, resume it, or skip it when finished (what each Slurm array task runs)") { dir, task };
        command.SetAction((parse, cancel) => Task.FromResult(TrialTask.Run(parse.GetValue(dir)!, parse.GetValue(task), cancel)));
        return command;
    }

    private static int RunLocal(SweepFolder folder, List<SweepTrial> pending, IReadOnlyList<string> self, int workers)
    {
        Console.WriteLine($"running {pending.Count} trial(s), {workers} at a time");
        var backend = new LocalBackend(folder, self, workers);
        backend.Run(pending);
        int code = Outcome(folder);
        if (backend.StoppedBy != 0)
        {
            return 128 + backend.StoppedBy;
        }
        return code;
    }

    private static int RunSlurm(SweepFolder folder, SweepSpec spec, SweepPlanFile plan, List<SweepTrial> pending, IReadOnlyList<string> self, bool submit, bool wait)
    {
        if (submit && plan.SlurmJobs.Count > 0)
        {
            IReadOnlySet<string> queued = SlurmBackend.QueuedJobs();
            if (plan.SlurmJobs.FirstOrDefault(queued.Contains) is { } busy)
            {
                throw new ArgumentException($"job {busy} of this sweep is still queued or running (squeue -j {busy}); wait for it to end, or scancel it, before re-running the sweep");
            }
        }
        Directory.CreateDirectory(folder.LogsDir);
        Runs.AtomicFile.WriteText(folder.SbatchPath, SlurmBackend.Script(folder, spec, pending, self));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder.SbatchPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        if (!submit)
        {
            Console.WriteLine($"wrote {folder.SbatchPath} ({pending.Count} array task(s)); submit it with `sbatch {folder.SbatchPath}` or add --submit");
            return ExitCodes.Success;
        }
        string job = SlurmBackend.Submit(folder.SbatchPath, wait, Console.WriteLine);
        folder.Save(plan with { SlurmJobs = [.. plan.SlurmJobs, job] });
        if (!wait)
        {
            Console.WriteLine($"logs in {folder.LogsDir}; when it has ended, `drl-train report {folder.Root}` sums it up (re-run the sweep to continue unfinished trials)");
            return ExitCodes.Success;
        }
        return Outcome(folder);
    }

    // After the trials ran: every unfinished one named, and an exit code that says the worst of what happened.
    private static int Outcome(SweepFolder folder)
    {
        SweepPlanFile plan = folder.Load();
        var unfinished = plan.Trials.Where(t => folder.StateOf(t) != TrialState.Finished).ToList();
        if (unfinished.Count == 0)
        {
            Console.WriteLine($"all {plan.Trials.Count} trials finished; `drl-train report {folder.Root}` sums them up");
            return ExitCodes.Success;
        }
        int code = ExitCodes.Success;
        foreach (SweepTrial trial in unfinished)
        {
            TrialStatus? status = TrialTask.ReadStatus(folder, trial);
            Console.Error.WriteLine($"{TrainerCli.Tool}: trial {trial.Name} did not finish: {status?.State ?? "not started"}" +
                                    $"{(status?.ExitCode is int exit ? $" (exit {exit})" : "")}{(status?.Message is { } m ? $": {m}" : "")}; log in {folder.LogsDir}");
            int trialCode = status?.ExitCode ?? ExitCodes.InternalError;
            // A bad input outranks a divergence, which outranks the rest: the code says what to look at first.
            if (code == ExitCodes.Success || trialCode == ExitCodes.BadInput || (trialCode == ExitCodes.TrainingDiverged && code != ExitCodes.BadInput))
            {
                code = trialCode == ExitCodes.Success ? ExitCodes.InternalError : trialCode;
            }
        }
        Console.Error.WriteLine($"{TrainerCli.Tool}: {unfinished.Count} of {plan.Trials.Count} trials did not finish; re-run the sweep to resume them");
        return code;
    }
}
