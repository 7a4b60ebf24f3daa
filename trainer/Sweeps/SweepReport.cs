// `drl-train report`: what a sweep found. Per configuration, the final deterministic evaluations of its seeds (each
// trial's card) as median and interquartile mean with a 95 % stratified-bootstrap interval, the success rate, and
// the learning curves' IQM with its band; configurations ranked by IQM; every trial that did not finish named.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DrlRobot.Sim;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using ScottPlot;

namespace DrlRobot.Trainer.Sweeps;

/// <summary>One finished trial's result.</summary>
public sealed record TrialResult(string Trial, ulong Seed, double MeanReturn, double SuccessRate, int Episodes, double WallSeconds);

/// <summary>A trial that has no result, and why.</summary>
public sealed record UnfinishedTrial(string Trial, string Configuration, ulong Seed, string State, string Detail);

/// <summary>One configuration's row of the report.</summary>
public sealed record ConfigurationSummary
{
    /// <summary>c0, c1, …</summary>
    public required string Id { get; init; }

    /// <summary>The config paths it sets.</summary>
    public required string Label { get; init; }

    /// <summary>Environment id.</summary>
    public required string Env { get; init; }

    /// <summary>Algorithm.</summary>
    public required string Algo { get; init; }

    /// <summary>Step budget of each trial.</summary>
    public required long Steps { get; init; }

    /// <summary>Trials planned (one per seed).</summary>
    public required int Trials { get; init; }

    /// <summary>Each finished trial's evaluation.</summary>
    public required IReadOnlyList<TrialResult> Results { get; init; }

    /// <summary>Median of the finished trials' mean returns.</summary>
    public double Median { get; init; } = double.NaN;

    /// <summary>Interquartile mean of the finished trials' mean returns, with its 95 % interval.</summary>
    public Interval? Iqm { get; init; }

    /// <summary>Mean success rate over the finished trials, with its 95 % interval.</summary>
    public Interval? SuccessRate { get; init; }

    /// <summary>Median training wall time of a trial, seconds.</summary>
    public double MedianWallSeconds { get; init; } = double.NaN;

    /// <summary>Place by IQM among the configurations of the same env (1 = best; those without a finished trial come last).</summary>
    public int Rank { get; init; }
}

/// <summary>The whole report.</summary>
public sealed record SweepReportData(string Sweep, string Folder, int Seeds, IReadOnlyList<ConfigurationSummary> Configurations,
                                     IReadOnlyList<UnfinishedTrial> Unfinished, string Method);

/// <summary>Builds and writes sweep reports.</summary>
public static class SweepReport
{
    /// <summary>How the figures were computed, as the report states it.</summary>
    public const string Method =
        "score of a trial = mean return of its final deterministic evaluation on unseen episodes; IQM = mean of the middle half of the " +
        "trials' scores (⌊n/4⌋ cut from each end, as rliable); 95 % intervals are percentile intervals of 2,000 stratified bootstrap " +
        "resamples of the trials (Agarwal et al. 2021)";

    /// <summary>Reads every trial of the sweep in <paramref name="folder"/>.</summary>
    public static SweepReportData Build(SweepFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        SweepPlanFile plan = folder.Load();
        SweepSpec spec = JsonSerializer.Deserialize<SweepSpec>(plan.Spec.ToJsonString(), ConfigLoader.Options)!;
        var unfinished = new List<UnfinishedTrial>();
        var summaries = new List<ConfigurationSummary>();
        foreach (PlannedConfiguration configuration in plan.Configurations)
        {
            // As the trials resolve it: built-in and shipped defaults ← the configuration's file.
            TrainConfig resolved = ConfigLoader.Resolve(folder.ConfigPath(configuration.Id), new ConfigOverrides());
            var results = new List<TrialResult>();
            List<SweepTrial> trials = plan.Trials.Where(t => t.Configuration == configuration.Id).ToList();
            foreach (SweepTrial trial in trials)
            {
                if (folder.StateOf(trial) == TrialState.Finished && ReadCard(folder, trial) is { } card)
                {
                    results.Add(card);
                }
                else
                {
                    unfinished.Add(Describe(folder, trial));
                }
            }
            double[] scores = [.. results.Select(r => r.MeanReturn)];
            summaries.Add(new ConfigurationSummary
            {
                Id = configuration.Id,
                Label = configuration.Label,
                Env = resolved.Env,
                Algo = resolved.Algo.ToString().ToLowerInvariant(),
                Steps = resolved.Steps,
                Trials = trials.Count,
                Results = results,
                Median = ScoreStatistics.Median(scores),
                Iqm = scores.Length == 0 ? null : ScoreStatistics.Bootstrap([scores], ScoreStatistics.InterquartileMean),
                // An env without a notion of success (the pendulum) reports none, not a rate of 0.
                SuccessRate = scores.Length == 0 || !EnvRegistry.DefinesSuccess(resolved.Env)
                    ? null : ScoreStatistics.Bootstrap([[.. results.Select(r => r.SuccessRate)]], s => s.Average()),
                MedianWallSeconds = ScoreStatistics.Median([.. results.Select(r => r.WallSeconds)]),
            });
        }
        // Ranked among the configurations of the same env: returns of different robots are not comparable.
        var ranks = new Dictionary<string, int>();
        foreach (IGrouping<string, ConfigurationSummary> env in summaries.GroupBy(s => s.Env))
        {
            int place = 1;
            foreach (ConfigurationSummary s in env.OrderByDescending(s => s.Iqm?.Estimate ?? double.NegativeInfinity).ThenByDescending(s => s.Median))
            {
                ranks[s.Id] = place++;
            }
        }
        summaries = summaries.Select(s => s with { Rank = ranks[s.Id] }).ToList();
        return new SweepReportData(spec.Name ?? Path.GetFileName(folder.Root), folder.Root, spec.Seeds.Count, summaries, unfinished, Method);
    }

    private static TrialResult? ReadCard(SweepFolder folder, SweepTrial trial)
    {
        try
        {
            JsonNode? card = JsonNode.Parse(File.ReadAllText(new RunDirectory(folder.TrialDir(trial)).CardPath));
            JsonNode? evaluation = card?["evaluation"];
            if (evaluation is null)
            {
                return null;
            }
            return new TrialResult(trial.Name, trial.Seed, evaluation["mean_return"]!.GetValue<double>(), evaluation["success_rate"]!.GetValue<double>(),
                                   evaluation["episodes"]!.GetValue<int>(), card!["wall_seconds"]?.GetValue<double>() ?? double.NaN);
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    private static UnfinishedTrial Describe(SweepFolder folder, SweepTrial trial)
    {
        TrialStatus? status = TrialTask.ReadStatus(folder, trial);
        TrialState state = folder.StateOf(trial);
        string kept = state == TrialState.Resumable ? "has a checkpoint; re-running the sweep resumes it" : "no checkpoint yet";
        if (state == TrialState.Finished)
        {
            return new UnfinishedTrial(trial.Name, trial.Configuration, trial.Seed, "finished without an evaluation", "its card holds no evaluation (eval_episodes 0)");
        }
        return status switch
        {
            null => new UnfinishedTrial(trial.Name, trial.Configuration, trial.Seed, "not started", kept),
            { State: "failed" } => new UnfinishedTrial(trial.Name, trial.Configuration, trial.Seed, $"failed (exit {status.ExitCode})",
                                                       $"{status.Message ?? "see its log"}; {kept}"),
            { State: "interrupted" } => new UnfinishedTrial(trial.Name, trial.Configuration, trial.Seed, $"interrupted (exit {status.ExitCode})", kept),
            _ => new UnfinishedTrial(trial.Name, trial.Configuration, trial.Seed, "running or killed",
                                     $"started {status.Started} on {status.Host}{(status.SlurmJob is { } job ? $" as Slurm task {job}" : "")}; {kept}"),
        };
    }

    /// <summary>The report as Markdown.</summary>
    public static string ToMarkdown(SweepReportData report, IReadOnlyList<string> curvesPngs)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"# Sweep {report.Sweep}\n\n");
        // The folder as seen from here when it lies below (a report kept in a repository names no machine's paths).
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, report.Folder);
        string folder = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? report.Folder : relative;
        text.Append(c, $"{report.Configurations.Count} configuration(s) × {report.Seeds} seed(s), from `{folder}`. {report.Method}.\n\n");
        text.Append("| rank in env | configuration | env | algo | steps | seeds done | IQM [95 % CI] | median | success [95 % CI] | wall time (median) | scores by seed |\n");
        text.Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (ConfigurationSummary s in report.Configurations.OrderBy(s => s.Env, StringComparer.Ordinal).ThenBy(s => s.Rank))
        {
            string iqm = s.Iqm is { } i ? $"**{i.Estimate:0.0}** [{i.Low:0.0}, {i.High:0.0}]" : "—";
            string success = s.SuccessRate is { } r ? $"{r.Estimate:P0} [{r.Low:P0}, {r.High:P0}]" : "—";
            string scores = string.Join(", ", s.Results.Select(t => string.Create(c, $"{t.MeanReturn:0.0} (seed {t.Seed})")));
            text.Append(c, $"| {s.Rank} | {s.Id}: {s.Label} | `{s.Env}` | {s.Algo} | {s.Steps:N0} | {s.Results.Count}/{s.Trials} | {iqm} | ");
            text.Append(c, $"{(double.IsNaN(s.Median) ? "—" : s.Median.ToString("0.0", c))} | {success} | ");
            text.Append(c, $"{(double.IsNaN(s.MedianWallSeconds) ? "—" : s.MedianWallSeconds.ToString("0", c) + " s")} | {scores} |\n");
        }
        ArgumentNullException.ThrowIfNull(curvesPngs);
        foreach (string png in curvesPngs)
        {
            text.Append(c, $"\n![Learning curves: IQM over seeds with 95 % bands]({png})\n");
        }
        text.Append('\n');
        if (report.Unfinished.Count == 0)
        {
            text.Append("Every trial finished.\n");
        }
        else
        {
            text.Append(c, $"## Trials without a result ({report.Unfinished.Count})\n\n");
            foreach (UnfinishedTrial u in report.Unfinished)
            {
                text.Append(c, $"- `{u.Trial}` (configuration {u.Configuration}, seed {u.Seed}): {u.State}; {u.Detail}\n");
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Learning curves, one line per configuration: at each logged step the IQM over its seeds of the recent mean
    /// return, with a 95 % bootstrap band; cut where the shortest of its trials' logs ends. One chart per env (returns
    /// of different robots do not share a scale): <paramref name="pngPath"/> itself for one env, NAME-ENV.png beside
    /// it for several. Returns the files written (none when no trial has a log).
    /// </summary>
    public static IReadOnlyList<string> WriteCurves(SweepFolder folder, SweepReportData report, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(pngPath);
        SweepPlanFile plan = folder.Load();
        List<IGrouping<string, ConfigurationSummary>> envs = [.. report.Configurations.GroupBy(c => c.Env)];
        var written = new List<string>();
        foreach (IGrouping<string, ConfigurationSummary> env in envs)
        {
            string png = envs.Count == 1 ? pngPath : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(pngPath))!, $"{Path.GetFileNameWithoutExtension(pngPath)}-{env.Key}.png");
            if (WriteEnvCurves(folder, plan, [.. env], $"sweep {report.Sweep}{(envs.Count == 1 ? "" : $" · {env.Key}")}: IQM over seeds, 95 % bootstrap band", png))
            {
                written.Add(png);
            }
        }
        return written;
    }

    private static bool WriteEnvCurves(SweepFolder folder, SweepPlanFile plan, IReadOnlyList<ConfigurationSummary> configurations, string title, string pngPath)
    {
        var plot = new Plot();
        bool any = false;
        string? env = null;
        for (int index = 0; index < configurations.Count; index++)
        {
            ConfigurationSummary summary = configurations[index];
            var logs = plan.Trials.Where(t => t.Configuration == summary.Id)
                .Select(t => new RunDirectory(folder.TrialDir(t)).ProgressPath).Where(File.Exists)
                .Select(ReadReturns).Where(l => l.Steps.Length > 0).ToList();
            if (logs.Count == 0)
            {
                continue;
            }
            env ??= summary.Env;
            double end = logs.Min(l => l.Steps[^1]);
            double[] grid = logs.OrderBy(l => l.Steps.Length).First().Steps.Where(s => s <= end).ToArray();
            if (grid.Length > 200)
            {
                grid = Enumerable.Range(0, 200).Select(i => grid[(int)((long)i * (grid.Length - 1) / 199)]).ToArray();
            }
            var iqm = new double[grid.Length];
            var low = new double[grid.Length];
            var high = new double[grid.Length];
            for (int i = 0; i < grid.Length; i++)
            {
                double[] values = [.. logs.Select(l => ValueAt(l, grid[i])).Where(double.IsFinite)];
                Interval interval = ScoreStatistics.Bootstrap([values], ScoreStatistics.InterquartileMean, resamples: 500, seed: (ulong)i);
                (iqm[i], low[i], high[i]) = (interval.Estimate, interval.Low, interval.High);
            }
            var band = plot.Add.FillY(grid, high, low);
            band.FillColor = plot.Add.Palette.GetColor(index).WithAlpha(0.25);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(grid, iqm);
            line.Color = plot.Add.Palette.GetColor(index);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = $"{summary.Id}: {summary.Label} ({logs.Count} seeds)";
            any = true;
        }
        if (!any)
        {
            return false;
        }
        double threshold = RunArtefacts.SolvedThreshold(env!);
        if (double.IsFinite(threshold))
        {
            var solved = plot.Add.HorizontalLine(threshold);
            solved.LinePattern = LinePattern.Dashed;
            solved.LegendText = $"solved ({threshold:0})";
        }
        plot.Title(title);
        plot.XLabel("environment steps");
        plot.YLabel("episodic return (last 100 episodes)");
        plot.ShowLegend(Alignment.UpperLeft);
        byte[] png = plot.GetImageBytes(900, 500, ImageFormat.Png);
        AtomicFile.Write(pngPath, stream => stream.Write(png));
        return true;
    }

    private static double ValueAt((double[] Steps, double[] Returns) log, double step)
    {
        int index = Array.BinarySearch(log.Steps, step);
        index = index >= 0 ? index : ~index - 1;
        return index < 0 ? double.NaN : log.Returns[index];
    }

    // Rows before the first finished episode hold NaN: a curve starts where there is a return to show.
    private static (double[] Steps, double[] Returns) ReadReturns(string progressCsv)
    {
        (double[] steps, double[] returns) = RunArtefacts.ReadReturns(progressCsv, long.MaxValue);
        int[] kept = [.. Enumerable.Range(0, steps.Length).Where(i => double.IsFinite(returns[i]))];
        return ([.. kept.Select(i => steps[i])], [.. kept.Select(i => returns[i])]);
    }
}
