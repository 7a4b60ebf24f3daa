// The one-line error for a hardware config that is not valid: which file and field, and what is wrong with it.
namespace DrlRobot.Hardware.Config;

/// <summary>
/// A config error naming the field by its JSON path ("actuators[1] (left).calibration.max_pulse_us"), and the file
/// when it came from one. An <see cref="ArgumentException"/>, so command lines map it to exit code 2 with the rest of
/// the bad-input family.
/// </summary>
public sealed class HardwareConfigException : ArgumentException
{
    /// <summary>An error in <paramref name="field"/>.</summary>
    public HardwareConfigException(string field, string problem, Exception? inner = null)
        : this(null, field, problem, inner)
    {
    }

    private HardwareConfigException(string? file, string field, string problem, Exception? inner)
        : base(file is null ? $"{field}: {problem}" : $"{file}: {field}: {problem}", inner)
    {
        File = file;
        Field = field;
        Problem = problem;
    }

    /// <summary>The field at fault, as a JSON path.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <summary>The file name, when the config was loaded from one.</summary>
    public string? File { get; }

    /// <summary>The same error, said of <paramref name="file"/>.</summary>
    public HardwareConfigException InFile(string file) => new(file, Field, Problem, this);
}
