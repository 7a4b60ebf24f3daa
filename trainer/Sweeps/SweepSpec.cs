// A sweep specification (SPEC.json): what is trained, which configurations (an explicit list, a grid or a random
// search over config keys named by their config path) and which seeds, and what each Slurm task may use. It
// expands into configurations, each an ordinary config object that `drl-train train --config` reads.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DrlRobot.Cli;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;

namespace DrlRobot.Trainer.Sweeps;

/// <summary>One sweep: configurations × seeds, each pair an ordinary training run.</summary>
public sealed record SweepSpec
{
    /// <summary>Name of the sweep (Slurm job name, report title); default the spec file's name.</summary>
    public string? Name { get; init; }

    /// <summary>Environment id of every configuration that does not set env itself.</summary>
    public string? Env { get; init; }

    /// <summary>Algorithm of every configuration that does not set algo itself; default ppo.</summary>
    public Algorithm? Algo { get; init; }

    /// <summary>Step budget of every trial, unless a configuration sets steps; default the shipped defaults'.</summary>
    public long? Steps { get; init; }

    /// <summary>The seeds every configuration is trained with.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = [];

    /// <summary>Config keys every configuration shares (the same object as a --config file).</summary>
    public JsonObject? Config { get; init; }

    /// <summary>
    /// Explicit configurations, each mapping config paths ("ppo.learning_rate", "env") to values; crossed with the
    /// grid or the random search when either is given.
    /// </summary>
    public IReadOnlyList<Dictionary<string, JsonNode?>>? Configurations { get; init; }

    /// <summary>Every combination of these values, by config path.</summary>
    public Dictionary<string, List<JsonNode?>>? Grid { get; init; }

    /// <summary>Configurations drawn at random from distributions over config paths.</summary>
    public RandomSearch? Random { get; init; }

    /// <summary>What each Slurm array task asks for.</summary>
    public SlurmResources Slurm { get; init; } = new();
}

/// <summary>A random search: <see cref="Samples"/> configurations drawn from <see cref="Params"/> with <see cref="Seed"/>.</summary>
public sealed record RandomSearch
{
    /// <summary>Configurations to draw.</summary>
    public int Samples { get; init; }

    /// <summary>Seed of the draw (the same seed draws the same configurations on every machine).</summary>
    public ulong Seed { get; init; }

    /// <summary>One distribution per config path.</summary>
    public Dictionary<string, Distribution> Params { get; init; } = [];
}

/// <summary>A distribution of one config value; exactly one field is set.</summary>
public sealed record Distribution
{
    /// <summary>[low, high]: uniform.</summary>
    public double[]? Uniform { get; init; }

    /// <summary>[low, high], both positive: uniform in the logarithm (learning rates).</summary>
    public double[]? LogUniform { get; init; }

    /// <summary>[low, high]: a whole number, both ends included.</summary>
    public long[]? IntUniform { get; init; }

    /// <summary>One of these values, equally likely.</summary>
    public List<JsonNode?>? Choice { get; init; }
}

/// <summary>Resources of one Slurm array task (one trial).</summary>
public sealed record SlurmResources
{
    /// <summary>Partition (--partition); default the cluster's default partition.</summary>
    public string? Partition { get; init; }

    /// <summary>CPUs per task (--cpus-per-task); a trial trains on one thread unless its config says otherwise.</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>Memory per task (--mem), e.g. "4G".</summary>
    public string Mem { get; init; } = "4G";

    /// <summary>Time limit per task (--time), e.g. "02:00:00"; default the partition's.</summary>
    public string? Time { get; init; }

    /// <summary>Most tasks running at once (the array's %N); default no limit.</summary>
    public int? MaxParallel { get; init; }

    /// <summary>Further sbatch options, one per item (e.g. "--account=robots", "--qos=low").</summary>
    public IReadOnlyList<string> SbatchArgs { get; init; } = [];
}

/// <summary>One configuration of a sweep: its id, the config paths it sets, and the config object trials read.</summary>
public sealed record SweepConfiguration(string Id, IReadOnlyDictionary<string, JsonNode?> Params, JsonObject Config)
{
    /// <summary>The params as "path=value, …" ("defaults" when none).</summary>
    public string Label => Params.Count == 0 ? "defaults" : string.Join(", ", Params.Select(p => $"{p.Key}={p.Value?.ToJsonString() ?? "null"}"));
}

/// <summary>Reads, checks and expands sweep specs.</summary>
public static class SweepSpecs
{
    /// <summary>Most trials one sweep may hold.</summary>
    public const int MaxTrials = 10_000;

    private static readonly JsonSerializerOptions Options = ConfigLoader.Options;

    /// <summary>Reads <paramref name="path"/> and checks it, or throws one line naming the file and the key.</summary>
    public static SweepSpec Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"sweep spec {path} is a folder, not a file");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"sweep spec not found: {path}");
        }
        if (new FileInfo(path).Length > ConfigLimits.MaxFileBytes)
        {
            throw new FormatException($"{path}: too large for a sweep spec (at most {ConfigLimits.MaxFileBytes} bytes)");
        }
        SweepSpec spec = Parse(File.ReadAllText(path), path);
        return spec with { Name = spec.Name ?? Path.GetFileNameWithoutExtension(path) };
    }

    /// <summary>Parses a spec from its text; <paramref name="source"/> names it in errors.</summary>
    public static SweepSpec Parse(string json, string source)
    {
        SweepSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize<SweepSpec>(json, Options) ?? throw new FormatException($"{source}: the spec must be a JSON object");
        }
        catch (JsonException e)
        {
            (string path, string problem, string line) = JsonProblems.Describe(e, typeof(SweepSpec));
            throw new FormatException(problem == "unknown key" ? $"{source}: unknown key '{path}'{line}"
                                      : path == "$" ? $"{source}: {problem}{line}" : $"{source}: {path}: {problem}{line}", e);
        }
        Check(spec, source);
        return spec;
    }

    /// <summary>The spec as sweep.json keeps it: re-running a sweep compares this text.</summary>
    public static JsonNode ToNode(SweepSpec spec) => JsonSerializer.SerializeToNode(spec, Options)!;

    private static void Check(SweepSpec spec, string source)
    {
        if (spec.Name is { } name && (name.Length == 0 || name.Length > 64 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            throw new FormatException($"{source}: name must be 1–64 letters, digits, '-', '_' or '.', got '{name}'");
        }
        if (spec.Seeds.Count == 0)
        {
            throw new FormatException($"{source}: seeds: give at least one seed, e.g. \"seeds\": [1, 2, 3]");
        }
        if (spec.Seeds.Distinct().Count() != spec.Seeds.Count)
        {
            throw new FormatException($"{source}: seeds: a seed is listed twice ({spec.Seeds.GroupBy(s => s).First(g => g.Count() > 1).Key})");
        }
        if (spec.Grid is not null && spec.Random is not null)
        {
            throw new FormatException($"{source}: grid and random are two kinds of search; give one of them");
        }
        if (spec.Configurations is { Count: 0 })
        {
            throw new FormatException($"{source}: configurations is empty; leave it out for one configuration of the defaults");
        }
        if (spec.Grid is { } grid)
        {
            if (grid.Count == 0)
            {
                throw new FormatException($"{source}: grid is empty; give each config path its list of values, e.g. \"grid\": {{ \"ppo.learning_rate\": [0.0003, 0.001] }}");
            }
            foreach ((string path, List<JsonNode?> values) in grid)
            {
                CheckPath(path, $"{source}: grid");
                if (values.Count == 0)
                {
                    throw new FormatException($"{source}: grid.{path} has no values");
                }
                if (values.Select(v => v?.ToJsonString() ?? "null").Distinct(StringComparer.Ordinal).Count() != values.Count)
                {
                    throw new FormatException($"{source}: grid.{path} lists a value twice");
                }
            }
        }
        if (spec.Random is { } random)
        {
            if (random.Samples is < 1 or > MaxTrials)
            {
                throw new FormatException($"{source}: random.samples must be 1–{MaxTrials}, got {random.Samples}");
            }
            if (random.Params.Count == 0)
            {
                throw new FormatException($"{source}: random.params is empty; give each config path a distribution, e.g. {{ \"ppo.learning_rate\": {{ \"log_uniform\": [0.0001, 0.001] }} }}");
            }
            foreach ((string path, Distribution distribution) in random.Params)
            {
                CheckPath(path, $"{source}: random.params");
                CheckDistribution(distribution, $"{source}: random.params.{path}");
            }
        }
        foreach (Dictionary<string, JsonNode?> configuration in spec.Configurations ?? [])
        {
            foreach (string path in configuration.Keys)
            {
                CheckPath(path, $"{source}: configurations");
            }
        }
        SlurmResources slurm = spec.Slurm;
        if (slurm.CpusPerTask is < 1 or > ConfigLimits.MaxThreads)
        {
            throw new FormatException($"{source}: slurm.cpus_per_task must be 1–{ConfigLimits.MaxThreads}, got {slurm.CpusPerTask}");
        }
        if (slurm.MaxParallel is < 1)
        {
            throw new FormatException($"{source}: slurm.max_parallel must be positive, got {slurm.MaxParallel}");
        }
        foreach ((string key, string? value) in new[] { ("partition", slurm.Partition), ("mem", slurm.Mem), ("time", slurm.Time) })
        {
            // They go into #SBATCH lines: nothing that could end the line or start a shell word.
            if (value is not null && (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\'' or '"' or '`' or '$' or ';' or '\\')))
            {
                throw new FormatException($"{source}: slurm.{key}: '{value}' is not a Slurm value (no spaces or quotes)");
            }
        }
        foreach (string arg in slurm.SbatchArgs)
        {
            if (!arg.StartsWith('-') || arg.Any(c => c is '\n' or '\r'))
            {
                throw new FormatException($"{source}: slurm.sbatch_args: '{arg}' is not an sbatch option (each starts with '-', one per item)");
            }
        }
    }

    private static void CheckPath(string path, string where)
    {
        if (path is "seed")
        {
            throw new FormatException($"{where}: seed is not searched over; list the seeds in \"seeds\"");
        }
        if (path.Length == 0 || JsonProblems.TypeAt(typeof(TrainConfig), path) is null || path.Split('.').Any(s => s.Length == 0))
        {
            throw new FormatException($"{where}: unknown config path '{path}' (paths as in config.json, e.g. ppo.learning_rate)");
        }
    }

    private static void CheckDistribution(Distribution d, string where)
    {
        int set = (d.Uniform is null ? 0 : 1) + (d.LogUniform is null ? 0 : 1) + (d.IntUniform is null ? 0 : 1) + (d.Choice is null ? 0 : 1);
        if (set != 1)
        {
            throw new FormatException($"{where}: give exactly one of uniform, log_uniform, int_uniform or choice");
        }
        if (d.Uniform is { } u && (u.Length != 2 || !(u[0] <= u[1]) || !double.IsFinite(u[0]) || !double.IsFinite(u[1])))
        {
            throw new FormatException($"{where}.uniform must be [low, high] with low ≤ high");
        }
        if (d.LogUniform is { } l && (l.Length != 2 || !(l[0] > 0 && l[0] <= l[1]) || !double.IsFinite(l[1])))
        {
            throw new FormatException($"{where}.log_uniform must be [low, high] with 0 < low ≤ high");
        }
        if (d.IntUniform is { } i && (i.Length != 2 || i[0] > i[1]))
        {
            throw new FormatException($"{where}.int_uniform must be [low, high] with low ≤ high");
        }
        if (d.Choice is { Count: 0 })
        {
            throw new FormatException($"{where}.choice has no values");
        }
    }

    /// <summary>
    /// The configurations of <paramref name="spec"/>, each resolved once with its first seed so that a value the
    /// trainer would refuse is named now, before any trial runs; ids c0, c1, … in order.
    /// </summary>
    public static IReadOnlyList<SweepConfiguration> Expand(SweepSpec spec, string source)
    {
        ArgumentNullException.ThrowIfNull(spec);
        IReadOnlyList<Dictionary<string, JsonNode?>> explicitOnes = spec.Configurations ?? [new Dictionary<string, JsonNode?>()];
        IReadOnlyList<Dictionary<string, JsonNode?>> searched = spec.Grid is { } grid ? GridPoints(grid)
            : spec.Random is { } random ? RandomPoints(random) : [new Dictionary<string, JsonNode?>()];
        long count = (long)explicitOnes.Count * searched.Count;
        if (count * spec.Seeds.Count > MaxTrials)
        {
            throw new FormatException($"{source}: {count} configurations × {spec.Seeds.Count} seeds is more than {MaxTrials} trials");
        }
        var configurations = new List<SweepConfiguration>();
        foreach (Dictionary<string, JsonNode?> first in explicitOnes)
        {
            foreach (Dictionary<string, JsonNode?> second in searched)
            {
                var parameters = new Dictionary<string, JsonNode?>(first);
                foreach ((string key, JsonNode? value) in second)
                {
                    parameters[key] = value;
                }
                string id = $"c{configurations.Count}";
                JsonObject config = spec.Config?.DeepClone().AsObject() ?? [];
                if (spec.Env is { } env) config["env"] = env;
                if (spec.Algo is { } algo) config["algo"] = algo.ToString().ToLowerInvariant();
                if (spec.Steps is { } steps) config["steps"] = steps;
                foreach ((string path, JsonNode? value) in parameters)
                {
                    Set(config, path, value?.DeepClone());
                }
                var configuration = new SweepConfiguration(id, parameters, config);
                string where = $"{source} (configuration {id}: {configuration.Label})";
                TrainConfig resolved = ConfigLoader.Resolve(config, where, new ConfigOverrides { Seed = spec.Seeds[0] });
                if (!DrlRobot.Sim.EnvRegistry.Ids.Contains(resolved.Env))
                {
                    throw new FormatException($"{where}: unknown env '{resolved.Env}'; valid ids: {string.Join(", ", DrlRobot.Sim.EnvRegistry.Ids)}");
                }
                try
                {
                    Training.AgentFactory.CheckFits(resolved.Algo, DrlRobot.Sim.EnvRegistry.GetContract(resolved.Env));
                }
                catch (ArgumentException e)
                {
                    throw new FormatException($"{where}: {e.Message}", e);
                }
                configurations.Add(configuration);
            }
        }
        return configurations;
    }

    private static List<Dictionary<string, JsonNode?>> GridPoints(Dictionary<string, List<JsonNode?>> grid)
    {
        var points = new List<Dictionary<string, JsonNode?>> { new() };
        foreach ((string path, List<JsonNode?> values) in grid)
        {
            points = points.SelectMany(point => values.Select(value => new Dictionary<string, JsonNode?>(point) { [path] = value?.DeepClone() })).ToList();
            if (points.Count > MaxTrials)
            {
                throw new FormatException($"the grid has more than {MaxTrials} configurations");
            }
        }
        return points;
    }

    private static List<Dictionary<string, JsonNode?>> RandomPoints(RandomSearch random)
    {
        var rng = new Rng(random.Seed);
        var points = new List<Dictionary<string, JsonNode?>>();
        for (int i = 0; i < random.Samples; i++)
        {
            var point = new Dictionary<string, JsonNode?>();
            // Keys in their sorted order, so that reordering the spec's params draws the same configurations.
            foreach ((string path, Distribution d) in random.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                point[path] = d switch
                {
                    { Uniform: { } u } => JsonValue.Create(Round(u[0] + (u[1] - u[0]) * rng.NextDouble())),
                    { LogUniform: { } l } => JsonValue.Create(Round(Math.Exp(Math.Log(l[0]) + (Math.Log(l[1]) - Math.Log(l[0])) * rng.NextDouble()))),
                    { IntUniform: { } n } => JsonValue.Create(n[0] + (long)Math.Min(n[1] - n[0], Math.Floor((n[1] - n[0] + 1.0) * rng.NextDouble()))),
                    { Choice: { } c } => c[rng.NextInt(c.Count)]?.DeepClone(),
                    _ => throw new InvalidOperationException("a checked distribution has one field"),
                };
            }
            points.Add(point);
        }
        return points;
    }

    // Four significant digits: a learning rate of 0.0003162 reads as what it is, and config.json stays legible.
    private static double Round(double value) =>
        value == 0 ? 0 : double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void Set(JsonObject config, string path, JsonNode? value)
    {
        string[] segments = path.Split('.');
        JsonObject node = config;
        foreach (string segment in segments[..^1])
        {
            if (node[segment] is not JsonObject child)
            {
                child = [];
                node[segment] = child;
            }
            node = child;
        }
        node[segments[^1]] = value;
    }
}
