// Calibration of one pulse-width output (an ESC or a servo): the pulse at neutral and at each end, direction, deadband.
namespace DrlRobot.Hardware.Outputs;

/// <summary>
/// Pulse widths of one ESC or servo channel. A bidirectional ESC (Blue Robotics Basic ESC) has min 1100, neutral 1500,
/// max 1900 µs; a unidirectional ESC has neutral = min (1100 µs stops it, 1900 µs is full).
/// </summary>
public sealed record PulseCalibration
{
    /// <summary>Lowest pulse the hardware accepts, in 500–2500 µs.</summary>
    public const double SafeMinMicroseconds = 500;

    /// <summary>Highest pulse the hardware accepts, in 500–2500 µs.</summary>
    public const double SafeMaxMicroseconds = 2500;

    /// <summary>Pulse at full reverse (or stop, for a unidirectional ESC), µs.</summary>
    public double MinPulseMicroseconds { get; init; } = 1100;

    /// <summary>Pulse at the neutral command, µs.</summary>
    public double NeutralPulseMicroseconds { get; init; } = 1500;

    /// <summary>Pulse at full forward, µs.</summary>
    public double MaxPulseMicroseconds { get; init; } = 1900;

    /// <summary>True when positive commands must produce pulses below neutral (a propeller or motor wired backwards).</summary>
    public bool Reversed { get; init; }

    /// <summary>Fraction of full command around neutral (0 ≤ deadband &lt; 0.5) that is sent as neutral.</summary>
    public float Deadband { get; init; }

    /// <summary>True when the ESC or servo has a reverse side (neutral above min).</summary>
    public bool IsBidirectional => NeutralPulseMicroseconds > MinPulseMicroseconds;

    /// <summary>A Blue Robotics style bidirectional ESC: 1100 / 1500 / 1900 µs.</summary>
    public static PulseCalibration BidirectionalEsc { get; } = new();

    /// <summary>A unidirectional ESC: 1100 µs stops, 1900 µs is full.</summary>
    public static PulseCalibration UnidirectionalEsc { get; } = new() { NeutralPulseMicroseconds = 1100 };

    /// <summary>The pulse width for a signed fraction u in [-1, 1] of full command.</summary>
    public double PulseFor(float u)
    {
        if (u >= 0f)
        {
            return NeutralPulseMicroseconds + u * (MaxPulseMicroseconds - NeutralPulseMicroseconds);
        }
        // A unidirectional ESC has no reverse side: min = neutral, so negative commands stay at neutral.
        return NeutralPulseMicroseconds + u * (NeutralPulseMicroseconds - MinPulseMicroseconds);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        CheckPulse(nameof(MinPulseMicroseconds), MinPulseMicroseconds);
        CheckPulse(nameof(NeutralPulseMicroseconds), NeutralPulseMicroseconds);
        CheckPulse(nameof(MaxPulseMicroseconds), MaxPulseMicroseconds);
        if (!(MinPulseMicroseconds < MaxPulseMicroseconds))
        {
            throw new ArgumentOutOfRangeException(nameof(MinPulseMicroseconds), MinPulseMicroseconds,
                $"min_pulse_us must be below max_pulse_us ({MaxPulseMicroseconds})");
        }
        if (NeutralPulseMicroseconds < MinPulseMicroseconds || NeutralPulseMicroseconds >= MaxPulseMicroseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(NeutralPulseMicroseconds), NeutralPulseMicroseconds,
                $"neutral_pulse_us must lie in [min_pulse_us, max_pulse_us) = [{MinPulseMicroseconds}, {MaxPulseMicroseconds})");
        }
        if (!(Deadband >= 0f && Deadband < 0.5f))
        {
            throw new ArgumentOutOfRangeException(nameof(Deadband), Deadband, "deadband must lie in [0, 0.5)");
        }
        if (Reversed && !IsBidirectional)
        {
            throw new ArgumentException("reversed needs a bidirectional output (neutral_pulse_us above min_pulse_us)",
                nameof(Reversed));
        }
    }

    private static void CheckPulse(string name, double microseconds)
    {
        if (!(microseconds >= SafeMinMicroseconds && microseconds <= SafeMaxMicroseconds))
        {
            throw new ArgumentOutOfRangeException(name, microseconds,
                $"pulse must lie in {SafeMinMicroseconds}–{SafeMaxMicroseconds} µs");
        }
    }
}
