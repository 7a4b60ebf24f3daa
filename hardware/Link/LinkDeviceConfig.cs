// What a link device (the firmware, or the emulator playing it) is: its sizes, names hash and safety timings.
namespace DrlRobot.Hardware.Link;

/// <summary>Configuration of <see cref="LinkDeviceStateMachine"/>; the firmware's board_config.h holds the same.</summary>
public sealed record LinkDeviceConfig
{
    /// <summary>Actuators every command must carry.</summary>
    public int ActuatorCount { get; init; } = 1;

    /// <summary>Values every telemetry frame carries.</summary>
    public int ObservationCount { get; init; }

    /// <summary>The names hash the device announces (<see cref="LinkNamesHash"/>).</summary>
    public uint NamesHash { get; init; }

    /// <summary>No valid command for this long while armed → every output neutral, latched until re-armed.</summary>
    public int WatchdogMilliseconds { get; init; } = 250;

    /// <summary>Consecutive neutral commands with the arm flag needed to arm.</summary>
    public int ArmNeutralCommands { get; init; } = 5;

    /// <summary>After this long without sending anything the device sends a heartbeat.</summary>
    public int HeartbeatMilliseconds { get; init; } = 100;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field that is out of range.</summary>
    public void Validate()
    {
        if (ActuatorCount is < 1 or > LinkProtocol.MaxActuators)
        {
            throw new ArgumentOutOfRangeException(nameof(ActuatorCount), ActuatorCount, $"must be 1..{LinkProtocol.MaxActuators}");
        }
        if (ObservationCount is < 0 or > LinkProtocol.MaxValues)
        {
            throw new ArgumentOutOfRangeException(nameof(ObservationCount), ObservationCount, $"must be 0..{LinkProtocol.MaxValues}");
        }
        if (WatchdogMilliseconds is < 10 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(WatchdogMilliseconds), WatchdogMilliseconds, "must be 10..65535");
        }
        if (ArmNeutralCommands is < 1 or > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(ArmNeutralCommands), ArmNeutralCommands, "must be 1..255");
        }
        if (HeartbeatMilliseconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatMilliseconds), HeartbeatMilliseconds, "must be positive");
        }
    }
}
