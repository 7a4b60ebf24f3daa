// The handshake found a device the model cannot drive: another protocol version, other sizes or other names.
namespace DrlRobot.Hardware.Link;

/// <summary>What made the host refuse a device.</summary>
public enum LinkRefusal
{
    /// <summary>The device speaks another protocol version.</summary>
    ProtocolVersion,

    /// <summary>The device drives another number of actuators.</summary>
    ActuatorCount,

    /// <summary>The device reports another number of observations.</summary>
    ObservationCount,

    /// <summary>Same sizes, other names (or order): the firmware was built for another robot.</summary>
    NamesHash,
}

/// <summary>
/// The device answered but does not match the model; nothing was armed. An <see cref="IOException"/> because it is
/// the device that is wrong, though the runtime reports it as a contract mismatch (exit 2) through <see cref="Reason"/>.
/// </summary>
public sealed class LinkRefusedException(LinkRefusal reason, string message) : IOException(message)
{
    /// <summary>What differs.</summary>
    public LinkRefusal Reason { get; } = reason;
}
