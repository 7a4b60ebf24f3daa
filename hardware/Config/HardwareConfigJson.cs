// Reads a hardware config from snake_case JSON, rejecting unknown keys by name, and validates it.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DrlRobot.Hardware.Config;

/// <summary>Loads and saves <see cref="HardwareConfig"/>.</summary>
public static class HardwareConfigJson
{
    /// <summary>snake_case, unknown keys rejected, comments and trailing commas allowed (configs are hand-written).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Reads and validates the config in <paramref name="path"/>.</summary>
    /// <exception cref="HardwareConfigException">The JSON or a field is not valid (the message names it).</exception>
    /// <remarks>A missing file is bad input too (exit 2), so it is a <see cref="HardwareConfigException"/>, not an IOException.</remarks>
    public static HardwareConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new HardwareConfigException(path, "hardware config not found");
        }
        try
        {
            return Parse(File.ReadAllText(path));
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
            throw new HardwareConfigException(Field(e), Problem(e), e);
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

    private static string Field(JsonException e)
    {
        string path = e.Path ?? "$";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
    }

    private static string Problem(JsonException e)
    {
        // System.Text.Json names an unknown key as "The JSON property 'x' could not be mapped ...".
        string message = e.Message;
        const string marker = "The JSON property '";
        int start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start >= 0)
        {
            int end = message.IndexOf('\'', start + marker.Length);
            if (end > start)
            {
                return $"unknown key '{message[(start + marker.Length)..end]}'";
            }
        }
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).Replace('\n', ' ').Trim();
    }
}
