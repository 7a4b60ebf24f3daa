// One actuator as the link sees it: its name (for the names hash) and the range its int16 maps onto.
namespace DrlRobot.Hardware.Link;

/// <summary>An actuator of the robot at the far end of the link, in contract units.</summary>
/// <param name="Name">The contract's actuator name.</param>
/// <param name="Low">Lowest command.</param>
/// <param name="High">Highest command.</param>
/// <param name="Neutral">The safe command; wire value 0.</param>
public sealed record LinkActuator(string Name, float Low, float High, float Neutral)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the name is empty or the range is not low ≤ neutral ≤ high.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("a link actuator needs a name", nameof(Name));
        }
        if (!(Low < High && Neutral >= Low && Neutral <= High))
        {
            throw new ArgumentException($"actuator {Name}: need low < high and low <= neutral <= high, got [{Low}, {High}], neutral {Neutral}");
        }
    }

    /// <summary>The wire value of <paramref name="value"/>.</summary>
    public short ToWire(float value) => LinkFixedPoint.ToWire(value, Low, Neutral, High);

    /// <summary>The value a wire value stands for.</summary>
    public float FromWire(short q) => LinkFixedPoint.FromWire(q, Low, Neutral, High);
}
