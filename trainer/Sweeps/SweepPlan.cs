// The layout of a sweep folder and its plan (sweep.json): the spec it was made from, its configurations, and one
// trial per configuration and seed, each an ordinary run folder. The plan is what every task reads, on this machine
// or a Slurm node, to know which trial it is; re-running a sweep checks that the spec has not changed.
using System.Text.Json;
using System.Text.Json.Nodes;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;

namespace DrlRobot.Trainer.Sweeps;

/// <summary>One run of a sweep: a configuration trained with one seed.</summary>
public sealed record SweepTrial(int Index, string Configuration, ulong Seed)
{
    /// <summary>Its name, also its folder's (c0-s1).</summary>
    public string Name => $"{Configuration}-s{Seed}";
}

/// <summary>A configuration as the plan records it.</summary>
public sealed record PlannedConfiguration(string Id, string Label, JsonObject Params);

/// <summary>sweep.json.</summary>
public sealed record SweepPlanFile
{
    /// <summary>Version of this file's layout.</summary>
    public int Format { get; init; } = 1;

    /// <summary>The spec, as parsed (defaults filled in).</summary>
    public required JsonNode Spec { get; init; }

    /// <summary>The configurations, in order.</summary>
    public required IReadOnlyList<PlannedConfiguration> Configurations { get; init; }

    /// <summary>The trials, configuration-major.</summary>
    public required IReadOnlyList<SweepTrial> Trials { get; init; }

    /// <summary>Slurm job ids submitted for this sweep, oldest first.</summary>
    public IReadOnlyList<string> SlurmJobs { get; init; } = [];
}

/// <summary>Where a trial stands, read from its run folder.</summary>
public enum TrialState
{
    /// <summary>Nothing trained yet (or not up to a first checkpoint): it starts from scratch.</summary>
    New,

    /// <summary>It has a checkpoint but no card: it resumes from its newest good checkpoint.</summary>
    Resumable,

    /// <summary>It has its card for the whole step budget.</summary>
    Finished,
}

/// <summary>A sweep folder.</summary>
public sealed class SweepFolder(string root)
{
    private static readonly JsonSerializerOptions Json = ConfigLoader.Options;

    /// <summary>The sweep's folder.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The plan.</summary>
    public string PlanPath => Path.Combine(Root, "sweep.json");

    /// <summary>The Slurm job-array script.</summary>
    public string SbatchPath => Path.Combine(Root, "sweep.sbatch");

    /// <summary>Where trial logs go.</summary>
    public string LogsDir => Path.Combine(Root, "logs");

    /// <summary>The config file a configuration's trials are trained with (`drl-train train --config`).</summary>
    public string ConfigPath(string configuration) => Path.Combine(Root, "configs", configuration + ".json");

    /// <summary>The trial's run folder.</summary>
    public string TrialDir(SweepTrial trial) => Path.Combine(Root, "trials", trial.Name);

    /// <summary>The trial's last recorded status.</summary>
    public string StatusPath(SweepTrial trial) => Path.Combine(Root, "status", trial.Name + ".json");

    /// <summary>The log of a trial run by the local backend.</summary>
    public string LogPath(SweepTrial trial) => Path.Combine(LogsDir, trial.Name + ".log");

    /// <summary>Whether the folder holds a plan.</summary>
    public bool HasPlan => File.Exists(PlanPath);

    /// <summary>
    /// Writes the plan of <paramref name="spec"/> and its configurations' config files, or, when the folder already
    /// holds a plan, checks that it was made from the same spec (a sweep re-runs, it does not change) and keeps it.
    /// </summary>
    public SweepPlanFile Prepare(SweepSpec spec, string source)
    {
        IReadOnlyList<SweepConfiguration> configurations = SweepSpecs.Expand(spec, source);
        JsonNode specNode = SweepSpecs.ToNode(spec);
        SweepPlanFile? existing = HasPlan ? Load() : null;
        // Configurations are named by their place (c0, c1, …): what may change is said in Normalised.
        if (existing is not null && !JsonNode.DeepEquals(Normalised(existing.Spec), Normalised(specNode)))
        {
            string keys = string.Join(", ", Differing(existing.Spec, specNode));
            throw new ArgumentException($"{Root} holds a sweep made from another spec ({keys} differ{(keys.Contains(',', StringComparison.Ordinal) ? "" : "s")}); " +
                                        "re-run it with the spec it was made from, or choose another --out");
        }
        var trials = new List<SweepTrial>();
        foreach (SweepConfiguration configuration in configurations)
        {
            foreach (ulong seed in spec.Seeds)
            {
                trials.Add(new SweepTrial(trials.Count, configuration.Id, seed));
            }
        }
        var plan = new SweepPlanFile
        {
            Spec = specNode,
            Configurations = configurations.Select(c => new PlannedConfiguration(c.Id, c.Label, new JsonObject(c.Params.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))))).ToList(),
            Trials = trials,
            SlurmJobs = existing?.SlurmJobs ?? [],
        };
        try
        {
            Directory.CreateDirectory(Root);
            Directory.CreateDirectory(Path.Combine(Root, "configs"));
            foreach (SweepConfiguration configuration in configurations)
            {
                AtomicFile.WriteText(ConfigPath(configuration.Id), configuration.Config.ToJsonString(Json));
            }
            Save(plan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write the sweep folder {Root}: {e.Message}", e);
        }
        return plan;
    }

    /// <summary>Reads sweep.json, or throws one line naming the folder.</summary>
    public SweepPlanFile Load()
    {
        if (!HasPlan)
        {
            throw new FileNotFoundException($"{Root} holds no sweep (no sweep.json); make one with `drl-train sweep SPEC.json --out {Root}`");
        }
        try
        {
            return JsonSerializer.Deserialize<SweepPlanFile>(File.ReadAllText(PlanPath), Json)
                   ?? throw new InvalidDataException($"{PlanPath} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{PlanPath} is not a sweep plan: {e.Message.Split(" Path:", 2)[0]}", e);
        }
    }

    /// <summary>Writes sweep.json atomically.</summary>
    public void Save(SweepPlanFile plan) => AtomicFile.WriteText(PlanPath, JsonSerializer.Serialize(plan, Json));

    /// <summary>Where <paramref name="trial"/> stands: finished (its card covers the whole budget), resumable, or new.</summary>
    public TrialState StateOf(SweepTrial trial)
    {
        var run = new RunDirectory(TrialDir(trial));
        if (File.Exists(run.CardPath) && File.Exists(run.ConfigPath))
        {
            try
            {
                long budget = ConfigLoader.ReadResolved(run.ConfigPath).Steps;
                long trained = JsonNode.Parse(File.ReadAllText(run.CardPath))?["steps"]?.GetValue<long>() ?? 0;
                if (trained >= budget)
                {
                    return TrialState.Finished;
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or IOException)
            {
                // An unreadable card is not a finished trial: training again (or resuming) writes a good one.
            }
        }
        return Directory.Exists(run.CheckpointsDir) && new CheckpointStore(run.CheckpointsDir, 1).List().Count > 0
            ? TrialState.Resumable : TrialState.New;
    }

    // What shapes the trials' runs, as written by this version (defaults filled in, so a spec that only spells a
    // default out is the same). Left out: the name, the Slurm resources and the seeds, which a re-run may change
    // (a seed added is one more trial; the trials already run stay what they were).
    private static JsonNode Normalised(JsonNode spec)
    {
        JsonObject node = SweepSpecs.ToNode(JsonSerializer.Deserialize<SweepSpec>(spec.ToJsonString(), Json)!).AsObject();
        node.Remove("name");
        node.Remove("slurm");
        node.Remove("seeds");
        return node;
    }

    private static IEnumerable<string> Differing(JsonNode a, JsonNode b)
    {
        JsonObject x = Normalised(a).AsObject(), y = Normalised(b).AsObject();
        return x.Select(p => p.Key).Union(y.Select(p => p.Key)).Where(k => !JsonNode.DeepEquals(x[k], y[k]));
    }
}
