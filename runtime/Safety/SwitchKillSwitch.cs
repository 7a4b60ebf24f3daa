// The hardware config's kill switch (a fail-safe GPIO input) as a kill switch the supervisor polls: pressed, a cut
// wire, or a pin that cannot be read all mean stop.
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Runtime.Safety;

/// <summary>Trips while the switch is active or unreadable. Does not own the input.</summary>
public sealed class SwitchKillSwitch(SwitchInput input, string description) : IKillSwitch
{
    /// <inheritdoc />
    public string Description { get; } = description;

    /// <inheritdoc />
    public StopReason Reason => StopReason.KillSwitch;

    /// <inheritdoc />
    public bool IsTripped => !input.TryIsActive(out bool active) || active;

    /// <summary>Nothing to release: the input belongs to the hardware.</summary>
    public void Dispose()
    {
    }
}
