// The explicit mapping from an actuator command to a signed fraction of full output, shared by every driver.
namespace DrlRobot.Hardware.Outputs;

/// <summary>
/// Maps a command in actuator units to a normalised command u in [-1, 1]: u = 0 at neutral, +1 at high, -1 at low.
/// The two sides scale separately so an asymmetric range (low = neutral for a one-way thruster) keeps neutral exact.
/// </summary>
public static class ActuatorScaling
{
    /// <summary>The normalised command for <paramref name="value"/>; NaN maps to 0 so a bad command is never driven.</summary>
    public static float Normalize(float value, ActuatorRange range)
    {
        if (float.IsNaN(value))
        {
            return 0f;
        }
        if (value >= range.Neutral)
        {
            float span = range.High - range.Neutral;
            return span > 0f ? Math.Min((value - range.Neutral) / span, 1f) : 0f;
        }
        float below = range.Neutral - range.Low;
        return below > 0f ? -Math.Min((range.Neutral - value) / below, 1f) : 0f;
    }

    /// <summary>
    /// Applies a deadband of width <paramref name="deadband"/> (a fraction of full command): inside it the output is
    /// neutral, so noise around neutral does not twitch a motor; outside it the rest of the range is stretched so the
    /// mapping stays continuous and still reaches ±1.
    /// </summary>
    public static float ApplyDeadband(float u, float deadband)
    {
        float magnitude = Math.Abs(u);
        if (magnitude <= deadband)
        {
            return 0f;
        }
        return MathF.CopySign((magnitude - deadband) / (1f - deadband), u);
    }

    /// <summary>Normalise, apply the deadband, then flip when the output is wired reversed.</summary>
    public static float ToSignedFraction(float value, ActuatorRange range, float deadband, bool reversed)
    {
        float u = ApplyDeadband(Normalize(value, range), deadband);
        return reversed ? -u : u;
    }
}
