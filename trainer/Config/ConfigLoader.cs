// Resolves a run's configuration: built-in defaults ← the shipped defaults for (env, algo) ← --config FILE ←
// command-line options. Unknown keys are rejected with their full path; every field is validated.
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DrlRobot.Cli;

namespace DrlRobot.Trainer.Config;

/// <summary>Command-line values that override the configuration files.</summary>
public sealed record ConfigOverrides
{
    /// <summary>--env.</summary>
    public string? Env { get; init; }

    /// <summary>--algo.</summary>
    public Algorithm? Algo { get; init; }

    /// <summary>--steps.</summary>
    public long? Steps { get; init; }

    /// <summary>--seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>--envs.</summary>
    public int? NumEnvs { get; init; }

    /// <summary>--device.</summary>
    public DeviceChoice? Device { get; init; }

    /// <summary>--randomize: train under the config's randomization ranges, or the defaults when it has none.</summary>
    public bool? Randomize { get; init; }
}

/// <summary>Builds validated <see cref="TrainConfig"/>s.</summary>
public static class ConfigLoader
{
    /// <summary>The JSON settings of config files and config.json.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        JsonSerializerOptions options = JsonProblems.ConfigOptions();
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }

    /// <summary>Resolves the configuration of a new run.</summary>
    public static TrainConfig Resolve(string? configFile, ConfigOverrides overrides) =>
        Resolve(configFile is null ? null : ReadObject(configFile), configFile ?? "configuration", overrides);

    /// <summary>
    /// Resolves the configuration of a new run from a config object that did not come from a file (a sweep's
    /// configuration); <paramref name="source"/> names it in errors.
    /// </summary>
    public static TrainConfig Resolve(JsonObject? configObject, string source, ConfigOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        JsonObject? file = configObject is null ? null : Parse(configObject.ToJsonString(), source);
        // Parse has checked the file's types: env and algo, where present, are strings.
        string env = overrides.Env ?? file?["env"]?.GetValue<string>() ?? new TrainConfig().Env;
        string algoName = overrides.Algo?.ToString().ToLowerInvariant() ?? file?["algo"]?.GetValue<string>() ?? "ppo";

        JsonObject merged = (JsonObject)JsonSerializer.SerializeToNode(new TrainConfig(), Options)!;
        if (ShippedDefaults(env, algoName) is { } defaults)
        {
            Merge(merged, Parse(defaults, $"shipped defaults for {env}/{algoName}"), $"defaults {env}.{algoName}.json");
        }
        if (file is not null)
        {
            Merge(merged, file, source);
        }
        merged["env"] = env;
        merged["algo"] = algoName;
        if (overrides.Steps is long steps) merged["steps"] = steps;
        if (overrides.Seed is ulong seed) merged["seed"] = seed;
        if (overrides.NumEnvs is int envs) merged["num_envs"] = envs;
        if (overrides.Device is DeviceChoice device) merged["device"] = device.ToString().ToLowerInvariant();
        if (overrides.Randomize == true && merged["randomization"] is null) merged["randomization"] = new JsonObject();
        return Finish(merged, source);
    }

    /// <summary>Reads a run's config.json (for --resume, eval and export).</summary>
    public static TrainConfig ReadResolved(string path) => Finish(ReadObject(path), path);

    /// <summary>Parses a resolved configuration from its JSON text.</summary>
    public static TrainConfig ReadResolvedFromText(string json) => Finish(Parse(json, "configuration"), "configuration");

    /// <summary>The configuration as config.json holds it.</summary>
    public static string ToJson(TrainConfig config) => JsonSerializer.Serialize(config, Options);

    /// <summary>
    /// The settings that differ between a run's configuration and one asked for, as "path (run X, asked Y)", in
    /// config.json order; the step budget and the device are left out (a resume may extend the one and change the other).
    /// </summary>
    public static IReadOnlyList<string> Differences(TrainConfig run, TrainConfig asked)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(asked);
        var differences = new List<string>();
        Compare(JsonSerializer.SerializeToNode(run with { Steps = 0, Device = DeviceChoice.Auto }, Options),
                JsonSerializer.SerializeToNode(asked with { Steps = 0, Device = DeviceChoice.Auto }, Options), "", differences);
        return differences;
    }

    private static void Compare(JsonNode? run, JsonNode? asked, string path, List<string> differences)
    {
        if (run is JsonObject a && asked is JsonObject b)
        {
            // Both sides' keys: an optional section (randomization) may be written on one side only.
            foreach (string key in a.Select(p => p.Key).Concat(b.Select(p => p.Key).Where(k => !a.ContainsKey(k))).ToList())
            {
                Compare(a[key], b[key], path.Length == 0 ? key : $"{path}.{key}", differences);
            }
            return;
        }
        if (!JsonNode.DeepEquals(run, asked))
        {
            differences.Add($"{path} (run {run?.ToJsonString() ?? "null"}, asked {asked?.ToJsonString() ?? "null"})");
        }
    }

    /// <summary>
    /// Hash of everything that shapes training except the step budget and the device, for checkpoint compatibility:
    /// a run trained on CUDA resumes or evaluates on the CPU (and back) from the same checkpoints.
    /// </summary>
    public static string Hash(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return HashOf(config with { Device = DeviceChoice.Auto });
    }

    /// <summary>
    /// The hashes a checkpoint of this configuration may carry: <see cref="Hash"/>, and the one earlier versions wrote
    /// with the device included (identical for runs on the default device).
    /// </summary>
    public static IReadOnlyList<string> AcceptedHashes(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new[] { Hash(config), HashOf(config) }.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string HashOf(TrainConfig config)
    {
        string json = JsonSerializer.Serialize(config with { Steps = 0, EvalEpisodes = 0, CheckpointsKept = 1 }, Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
    }

    private static TrainConfig Finish(JsonObject json, string source)
    {
        CheckKeys(json, typeof(TrainConfig), "", source);
        TrainConfig config;
        try
        {
            config = json.Deserialize<TrainConfig>(Options) ?? throw new FormatException($"{source}: empty configuration");
        }
        catch (JsonException e)
        {
            throw Problem(source, e);
        }
        CheckFinite(config, typeof(TrainConfig), "", source);
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{source}: {e.Message.Split(" (Parameter", 2)[0]}", e);
        }
        return config;
    }

    /// <summary>Reads a JSON object from a config file, or throws one line naming the file.</summary>
    internal static JsonObject ReadObject(string path)
    {
        if (Directory.Exists(path))
        {
            throw new FileNotFoundException($"config file {path} is a folder, not a file");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"config file not found: {path}");
        }
        long bytes = new FileInfo(path).Length;
        if (bytes > ConfigLimits.MaxFileBytes)
        {
            throw new FormatException($"{path}: {bytes} bytes is too large for a configuration (at most {ConfigLimits.MaxFileBytes})");
        }
        return Parse(File.ReadAllText(path), path);
    }

    // Parses one source and checks it alone against the record's types, so that a wrong type, a null, an overflowing
    // number or a duplicated key is named with the key path and the line of the file the user wrote, not of the merge.
    private static JsonObject Parse(string text, string source)
    {
        try
        {
            // The serializer first: it names a duplicated key by its path, where the node parser only throws.
            JsonSerializer.Deserialize<TrainConfig>(text, Options);
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                   ?? throw new FormatException($"{source}: the configuration must be a JSON object");
        }
        catch (JsonException e)
        {
            throw Problem(source, e);
        }
    }

    private static FormatException Problem(string source, JsonException e)
    {
        (string path, string problem, string line) = JsonProblems.Describe(e, typeof(TrainConfig));
        return new FormatException(
            problem == "unknown key" ? $"{source}: unknown key '{path}'{line}"
            : path == "$" ? $"{source}: {problem}{line}"
            : $"{source}: {path}: {problem}{line}", e);
    }

    // JSON cannot spell infinity or NaN, but 1e999 reads as infinity: no setting of ours means anything infinite.
    private static void CheckFinite(object record, Type type, string prefix, string source)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            string key = prefix + JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            object? value = property.GetValue(record);
            if (value is double d && !double.IsFinite(d) || value is float f && !float.IsFinite(f))
            {
                throw new FormatException($"{source}: {key} must be a finite number, got {value}");
            }
            if (value is not null && property.PropertyType.IsClass && property.PropertyType != typeof(string) && property.PropertyType.Namespace?.StartsWith("DrlRobot", StringComparison.Ordinal) == true)
            {
                CheckFinite(value, property.PropertyType, key + ".", source);
            }
        }
    }

    private static string? ShippedDefaults(string env, string algo)
    {
        using Stream? stream = typeof(ConfigLoader).Assembly.GetManifestResourceStream($"DrlRobot.Trainer.Defaults.{env}.{algo}.json");
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Merge(JsonObject target, JsonObject source, string sourceName)
    {
        foreach ((string key, JsonNode? value) in source.ToList())
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child, sourceName);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    // Names the first key that no property of the record declares, with its path (e.g. "ppo.learnig_rate").
    private static void CheckKeys(JsonObject json, Type type, string prefix, string source)
    {
        Dictionary<string, PropertyInfo> properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));
        foreach ((string key, JsonNode? value) in json)
        {
            if (!properties.TryGetValue(key, out PropertyInfo? property))
            {
                throw new FormatException($"{source}: unknown key '{prefix}{key}'");
            }
            if (value is JsonObject child && property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                CheckKeys(child, property.PropertyType, $"{prefix}{key}.", source);
            }
        }
    }
}
