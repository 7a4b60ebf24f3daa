// How an actuator command in contract units becomes the int16 on the wire and back: a fraction about neutral.
namespace DrlRobot.Hardware.Link;

/// <summary>
/// The wire value q of an actuator is a signed fraction of its range measured from neutral: q = 0 is exactly
/// neutral, +32767 is high, −32767 is low, linear on each side (so an asymmetric range such as a thruster with
/// neutral = low still puts neutral at 0, and a device checks "neutral" without knowing any range). −32768 is
/// reserved and makes a device reject the whole command.
/// </summary>
public static class LinkFixedPoint
{
    /// <summary>Quantises <paramref name="value"/>, clamped to [low, high], rounding half away from zero; NaN → 0.</summary>
    public static short ToWire(float value, float low, float neutral, float high)
    {
        if (float.IsNaN(value))
        {
            return 0;
        }
        double fraction = value >= neutral
            ? (high > neutral ? (value - (double)neutral) / (high - (double)neutral) : 0)
            : (neutral > low ? (value - (double)neutral) / (neutral - (double)low) : 0);
        fraction = Math.Clamp(fraction, -1.0, 1.0);
        return (short)Math.Round(fraction * LinkProtocol.FullScale, MidpointRounding.AwayFromZero);
    }

    /// <summary>The actuator value a wire value stands for (−32768 reads as low).</summary>
    public static float FromWire(short q, float low, float neutral, float high)
    {
        int clamped = Math.Max((int)q, -LinkProtocol.FullScale);
        return clamped >= 0
            ? neutral + (clamped / (float)LinkProtocol.FullScale * (high - neutral))
            : neutral + (clamped / (float)LinkProtocol.FullScale * (neutral - low));
    }
}
