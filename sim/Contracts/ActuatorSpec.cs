// One actuator of a robot contract: what the policy commands, in which unit and range, and its safe value.
namespace DrlRobot.Sim.Contracts;

/// <summary>What kind of device an actuator is; hardware maps each kind to its own drivers.</summary>
public enum ActuatorKind
{
    /// <summary>A propeller or engine whose command is a thrust magnitude.</summary>
    Thruster,

    /// <summary>A DC motor whose command is a signed fraction of the supply voltage or a torque.</summary>
    Motor,

    /// <summary>A position servo.</summary>
    Servo,
}

/// <summary>An actuator the policy commands, in the contract's units.</summary>
/// <param name="Name">Stable identifier; hardware configs map it to a device channel.</param>
/// <param name="Kind">Thruster, motor or servo.</param>
/// <param name="Unit">Unit of the command ("1" for a normalised command, "N·m" for a torque).</param>
/// <param name="Low">Lowest command; the exported policy clips to it.</param>
/// <param name="High">Highest command; the exported policy clips to it.</param>
/// <param name="Neutral">The safe command: what outputs hold when disarmed, stopped or faulted.</param>
public sealed record ActuatorSpec(string Name, ActuatorKind Kind, string Unit, float Low, float High, float Neutral);
