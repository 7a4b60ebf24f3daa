// Reads a hardware config from snake_case JSON, rejecting unknown keys by name, and validates it.
using System.Text.Json;
using System.Text.Json.Serialization;
using DrlRobot.Cli;

namespace DrlRobot.Hardware.Config;

/// <summary>Loads and saves <see cref="HardwareConfig"/>.</summary>
public static class HardwareConfigJson
{
    /// <summary>snake_case, unknown keys rejected, comments and trailing commas allowed (configs are hand-written).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        // A duplicated key (two "board" entries) is an error, not last-wins; a null list is named, not a crash later.
        JsonSerializerOptions options = JsonProblems.ConfigOptions();
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }

    /// <summary>Reads and validates the config in <paramref name="path"/>.</summary>
    /// <exception cref="HardwareConfigException">The JSON or a field is not valid (the message names it).</exception>
    /// <remarks>A missing file is bad input too (exit 2), so it is a <see cref="HardwareConfigException"/>, not an IOException.</remarks>
    public static HardwareConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            throw new HardwareConfigException(path, "is a folder, not a hardware config file");
        }
        if (!File.Exists(path))
        {
            throw new HardwareConfigException(path, "hardware config not found");
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HardwareConfigException(path, $"cannot read the hardware config: {e.Message}", e);
        }
        try
        {
            return Parse(text);
        }
        catch (HardwareConfigException e)
        {
            // Name the file too: a robot may have several configs.
            throw e.InFile(Path.GetFileName(path));
        }
    }

    /// <summary>Parses and validates a config.</summary>
    public static HardwareConfig Parse(string json)
    {
        HardwareConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<HardwareConfig>(json, Options);
        }
        catch (JsonException e)
        {
            (string field, string problem, string line) = JsonProblems.Describe(e, typeof(HardwareConfig));
            if (problem == "unknown key")
            {
                // Said at the object that holds it: "devices[2]: unknown key 'gyro_rnage_dps'".
                int cut = field.LastIndexOf('.');
                (field, problem) = cut < 0 ? ("$", $"unknown key '{field}'") : (field[..cut], $"unknown key '{field[(cut + 1)..]}'");
            }
            throw new HardwareConfigException(field, problem + line, e);
        }
        if (config is null)
        {
            throw new HardwareConfigException("$", "the config is null");
        }
        config.Validate();
        return config;
    }

    /// <summary>The config as indented JSON (what a run writes next to its telemetry).</summary>
    public static string Serialize(HardwareConfig config) => JsonSerializer.Serialize(config, Options);
}
