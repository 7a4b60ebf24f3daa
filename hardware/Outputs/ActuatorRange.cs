// The contract's range for one actuator (low, high, neutral), as the config hands it to an output.
namespace DrlRobot.Hardware.Outputs;

/// <summary>Command range of one actuator in the contract's units; the output maps it onto pulses or duty.</summary>
/// <param name="Low">Lowest command.</param>
/// <param name="High">Highest command.</param>
/// <param name="Neutral">The safe command, between <paramref name="Low"/> and <paramref name="High"/>.</param>
public readonly record struct ActuatorRange(float Low, float High, float Neutral)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bound that is not valid.</summary>
    public void Validate()
    {
        if (!float.IsFinite(Low) || !float.IsFinite(High) || !float.IsFinite(Neutral))
        {
            throw new ArgumentException($"low, high and neutral must be finite (got {Low}, {High}, {Neutral})");
        }
        if (!(Low < High))
        {
            throw new ArgumentOutOfRangeException(nameof(Low), Low, $"low must be below high ({High})");
        }
        if (Neutral < Low || Neutral > High)
        {
            throw new ArgumentOutOfRangeException(nameof(Neutral), Neutral, $"neutral must lie in [{Low}, {High}]");
        }
    }
}
