// What the supervisor did on one tick, as bits: recorded per tick in telemetry and summed in results.
namespace DrlRobot.Runtime.Safety;

/// <summary>Per-tick safety state and interventions (telemetry column <c>flags</c>, a uint32 bit field).</summary>
[Flags]
public enum SafetyFlags : uint
{
    /// <summary>Nothing to report (and not armed).</summary>
    None = 0,

    /// <summary>The policy's action was passed to the outputs (after clamping and slew limiting).</summary>
    Armed = 1 << 0,

    /// <summary>Outputs held neutral while arming.</summary>
    Arming = 1 << 1,

    /// <summary>At least one actuator command was clamped to its contract range.</summary>
    Clamped = 1 << 2,

    /// <summary>At least one actuator command was slowed by its slew-rate limit.</summary>
    SlewLimited = 1 << 3,

    /// <summary>The action had a NaN or an infinity.</summary>
    NonFiniteAction = 1 << 4,

    /// <summary>The observation had a NaN or an infinity.</summary>
    NonFiniteObservation = 1 << 5,

    /// <summary>An observation was beyond its range plus margin.</summary>
    ObservationOutOfRange = 1 << 6,

    /// <summary>The input was stale or missing.</summary>
    StaleInput = 1 << 7,

    /// <summary>A kill switch was tripped.</summary>
    KillSwitch = 1 << 8,

    /// <summary>The supervisor is latched in a stop: outputs neutral until <see cref="SafetySupervisor.ReArm"/>.</summary>
    Latched = 1 << 9,

    /// <summary>The loop skipped at least one tick before this one (an overrun).</summary>
    Overrun = 1 << 10,
}
