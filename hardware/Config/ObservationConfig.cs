// One observation of a hardware config: the contract's name, the input device and value it comes from, its units.
namespace DrlRobot.Hardware.Config;

/// <summary>An observation: obs = value × scale + offset, where value is one of the source device's values.</summary>
public sealed record ObservationConfig
{
    /// <summary>The observation's name in the model's contract.</summary>
    public string Name { get; init; } = "";

    /// <summary>The input device it comes from.</summary>
    public string Source { get; init; } = "";

    /// <summary>Which of the device's values (see the README's table of values per device type).</summary>
    public string Value { get; init; } = "";

    /// <summary>Multiplier from the device's unit to the contract's.</summary>
    public float Scale { get; init; } = 1f;

    /// <summary>Added after scaling.</summary>
    public float Offset { get; init; }
}
