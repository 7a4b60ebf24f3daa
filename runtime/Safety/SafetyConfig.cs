// The safety supervisor's settings: how long to hold neutral before arming, how fast each actuator may move, how far
// an observation may stray from its contract range and how old an input may be. Loaded from JSON with unknown keys
// rejected, so a misspelt limit cannot silently fall back to a default.
using System.Text.Json;
using System.Text.Json.Serialization;
using DrlRobot.Cli;

namespace DrlRobot.Runtime.Safety;

/// <summary>Limits the <see cref="SafetySupervisor"/> enforces. Every field has a default; JSON keys are snake_case.</summary>
public sealed record SafetyConfig
{
    /// <summary>The longest input age a config may allow: beyond it the stale-input watchdog would be off in all but name.</summary>
    public const double MaxInputAgeLimitSeconds = 10;

    /// <summary>The longest neutral hold before arming a config may ask for.</summary>
    public const double MaxArmingSeconds = 60;

    private static readonly JsonSerializerOptions Json = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        // "Infinity" spells "no limit" for the slew rates and the margin.
        JsonSerializerOptions options = JsonProblems.ConfigOptions();
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        return options;
    }

    /// <summary>Seconds of control time the outputs are held neutral before the policy drives them (at least one tick always).</summary>
    public double ArmingSeconds { get; init; } = 0.5;

    /// <summary>Slew-rate limit for actuators not named in <see cref="SlewRates"/>, in actuator units per second; infinity for none.</summary>
    public float DefaultSlewRate { get; init; } = float.PositiveInfinity;

    /// <summary>Per-actuator slew-rate limits by contract name, in actuator units per second.</summary>
    public IReadOnlyDictionary<string, float> SlewRates { get; init; } = new Dictionary<string, float>();

    /// <summary>How far beyond its contract range an observation may go, as a fraction of the range's width; infinity disables the check.</summary>
    public float ObservationMargin { get; init; } = 0.5f;

    /// <summary>The oldest input the supervisor accepts, in seconds; older (or missing) input latches a stop.</summary>
    public double MaxInputAgeSeconds { get; init; } = 0.1;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (!(ArmingSeconds is >= 0 and <= MaxArmingSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(ArmingSeconds), ArmingSeconds, $"arming_seconds must be from 0 to {MaxArmingSeconds}");
        }
        if (SlewRates is null)
        {
            throw new ArgumentNullException(nameof(SlewRates), "slew_rates must be an object of actuator names to rates, not null");
        }
        if (!(DefaultSlewRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultSlewRate), DefaultSlewRate, "default_slew_rate must be > 0 (infinity for no limit)");
        }
        foreach ((string name, float rate) in SlewRates)
        {
            if (!(rate > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(SlewRates), rate, $"slew_rates.{name} must be > 0 (infinity for no limit)");
            }
        }
        if (!(ObservationMargin >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ObservationMargin), ObservationMargin, "observation_margin must be >= 0 (infinity disables the check)");
        }
        if (!(MaxInputAgeSeconds is > 0 and <= MaxInputAgeLimitSeconds))
        {
            // Infinity (which this file's reader accepts for the slew rates) would switch the stale-input watchdog off.
            throw new ArgumentOutOfRangeException(nameof(MaxInputAgeSeconds), MaxInputAgeSeconds, $"max_input_age_seconds must be > 0 and at most {MaxInputAgeLimitSeconds}");
        }
    }

    /// <summary>Reads and validates a JSON file; errors name the file and the field.</summary>
    /// <exception cref="ArgumentException">The file is not valid JSON, has unknown keys or a value out of range.</exception>
    public static SafetyConfig Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"{path}: is a folder, not a safety config file");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"safety config not found: {path}");
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{path}: cannot read the safety config: {e.Message}", e);
        }
        SafetyConfig config;
        try
        {
            config = JsonSerializer.Deserialize<SafetyConfig>(text, Json)
                     ?? throw new ArgumentException($"{path}: expected a JSON object, found null");
        }
        catch (JsonException e)
        {
            (string key, string problem, string line) = JsonProblems.Describe(e, typeof(SafetyConfig));
            throw new ArgumentException(key == "$" ? $"{path}: {problem}{line}" : $"{path}: {key}: {problem}{line}", e);
        }
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}: {e.Message.Split(" (Parameter", 2)[0]}", e);
        }
        return config;
    }

    /// <summary>This config as the JSON <see cref="Load"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
