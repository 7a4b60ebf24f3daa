// How a device reports its health to the control loop, which never lets a driver throw per tick.
namespace DrlRobot.Hardware;

/// <summary>Health of a device as its driver last saw it.</summary>
public enum DeviceStatus
{
    /// <summary>Working.</summary>
    Ok,

    /// <summary>Working with reduced quality (a dropped reading, a retried write).</summary>
    Degraded,

    /// <summary>Not working; the safety supervisor must stop.</summary>
    Failed,
}
