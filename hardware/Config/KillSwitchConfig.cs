// The kill switch of a hardware config: a GPIO line and the level that means "stop".
namespace DrlRobot.Hardware.Config;

/// <summary>
/// A kill switch on GPIO. The pin is pulled toward <see cref="ActiveLevel"/>; wire a normally-closed switch from the
/// pin to the other level (to GND for "high"), so pressing it or cutting its wire both read as stop.
/// </summary>
public sealed record KillSwitchConfig
{
    /// <summary>The GPIO line.</summary>
    public int Pin { get; init; } = -1;

    /// <summary>"high" or "low": the level that means stop.</summary>
    public string ActiveLevel { get; init; } = "high";

    /// <summary>Throws <see cref="HardwareConfigException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (Pin < 0)
        {
            throw new HardwareConfigException("kill_switch.pin", Pin == -1 ? "is required" : $"{Pin} must not be negative");
        }
        DeviceConfig.CheckLevel("kill_switch.active_level", ActiveLevel);
    }
}
