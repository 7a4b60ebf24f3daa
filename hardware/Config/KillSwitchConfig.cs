// The kill switch of a hardware config: a GPIO line and the level that means "stop".
namespace DrlRobot.Hardware.Config;

/// <summary>A kill switch on GPIO. Wire it normally closed, active high against a pull-down, so a cut wire stops too.</summary>
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
