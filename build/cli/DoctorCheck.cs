// One line of a doctor report: what was checked, how it went, and what the user should know.
namespace DrlRobot.Cli;

/// <summary>How a doctor check went.</summary>
public enum CheckStatus
{
    /// <summary>Works.</summary>
    Ok,

    /// <summary>Informational: neither needed nor wrong here (for example no GPIO on a workstation).</summary>
    Info,

    /// <summary>Works, but something may bite later.</summary>
    Warn,

    /// <summary>Broken: the tool cannot do its main job.</summary>
    Fail,
}

/// <summary>One check of `doctor`.</summary>
public sealed record DoctorCheck(string Name, CheckStatus Status, string Detail)
{
    /// <summary>Prints checks as aligned plain lines.</summary>
    public static void PrintPlain(IEnumerable<DoctorCheck> checks, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (DoctorCheck check in checks)
        {
            writer.WriteLine($"{Tag(check.Status),-6} {check.Name,-22} {check.Detail}");
        }
    }

    /// <summary>The short tag shown in front of a check.</summary>
    public static string Tag(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "[ok]",
        CheckStatus.Info => "[--]",
        CheckStatus.Warn => "[warn]",
        _ => "[FAIL]",
    };
}
