// Why a control run ended: the one vocabulary the loop, the supervisor, telemetry, results and exit codes share.
namespace DrlRobot.Runtime.Safety;

/// <summary>Why a run stopped (or <see cref="None"/> while it runs). JSON writes these as snake_case strings.</summary>
public enum StopReason
{
    /// <summary>Still running.</summary>
    None,

    /// <summary>The run did what it was asked (episodes, ticks or duration reached).</summary>
    Completed,

    /// <summary>SIGINT or SIGTERM: outputs went neutral and the run ended; an operator's decision, not a fault.</summary>
    Signal,

    /// <summary>The policy produced a NaN or an infinity.</summary>
    NonFiniteAction,

    /// <summary>An observation was NaN or infinite.</summary>
    NonFiniteObservation,

    /// <summary>An observation left its contract range by more than the configured margin.</summary>
    ObservationOutOfRange,

    /// <summary>The newest input was older than the staleness limit, or no input arrived at all.</summary>
    StaleInput,

    /// <summary>A kill switch (file, GPIO) was tripped.</summary>
    KillSwitch,

    /// <summary>Someone called <see cref="SafetySupervisor.EmergencyStop"/>.</summary>
    EmergencyStop,

    /// <summary>A device reported <c>Failed</c>.</summary>
    DeviceFailure,
}

/// <summary>Classifies stop reasons.</summary>
public static class StopReasons
{
    /// <summary>Whether <paramref name="reason"/> is a safety abort (exit code 4), as opposed to a normal end or a signal.</summary>
    public static bool IsSafetyAbort(this StopReason reason) => reason is not (StopReason.None or StopReason.Completed or StopReason.Signal);
}
