// The one-line error for a hardware config that is not valid: which field, and what is wrong with it.
namespace DrlRobot.Hardware.Config;

/// <summary>
/// A config error naming the field by its JSON path ("actuators[1] (left).calibration.max_pulse_us"). An
/// <see cref="ArgumentException"/>, so command lines map it to exit code 2 with the rest of the bad-input family.
/// </summary>
public sealed class HardwareConfigException : ArgumentException
{
    /// <summary>An error in <paramref name="field"/>.</summary>
    public HardwareConfigException(string field, string problem, Exception? inner = null)
        : base($"{field}: {problem}", inner)
    {
        Field = field;
    }

    /// <summary>The field at fault, as a JSON path.</summary>
    public string Field { get; }
}
