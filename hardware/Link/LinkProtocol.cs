// The link protocol's constants and flag bits, shared by host and device code (hardware/PROTOCOL.md explains each).
namespace DrlRobot.Hardware.Link;

/// <summary>What a frame carries; the second byte of every frame body.</summary>
public enum LinkMessageType : byte
{
    /// <summary>Host → device: asks for capabilities. Empty payload.</summary>
    Hello = 0x01,

    /// <summary>Device → host: protocol version, sizes and the names hash. Layout frozen across versions.</summary>
    Capabilities = 0x02,

    /// <summary>Host → device: arm/kill flags and one int16 per actuator.</summary>
    Command = 0x03,

    /// <summary>Device → host: echoed command sequence, device time, status flags, float32 values.</summary>
    Telemetry = 0x04,

    /// <summary>Either way: "still here" with the sender's time and status, sent when there is nothing else to say.</summary>
    Heartbeat = 0x05,
}

/// <summary>Flags of a command.</summary>
[Flags]
public enum CommandFlags : byte
{
    /// <summary>No flag: outputs follow the command only if the device is already armed.</summary>
    None = 0,

    /// <summary>The host wants the device armed (it arms after enough consecutive neutral commands with this flag).</summary>
    Arm = 0x01,

    /// <summary>Neutral at once and disarm; wins over <see cref="Arm"/>.</summary>
    Kill = 0x02,
}

/// <summary>Status flags a device reports in telemetry and heartbeats.</summary>
[Flags]
public enum LinkStatusFlags : byte
{
    /// <summary>Nothing to report: disarmed, outputs neutral because not armed.</summary>
    None = 0,

    /// <summary>Outputs follow commands.</summary>
    Armed = 0x01,

    /// <summary>No valid command for the watchdog period; latched until the device is armed again.</summary>
    WatchdogTripped = 0x02,

    /// <summary>Every output is at neutral right now (disarmed, tripped or killed).</summary>
    Failsafe = 0x04,

    /// <summary>The last disarm came from a kill flag; latched until the device is armed again.</summary>
    Killed = 0x08,
}

/// <summary>Sizes and constants of protocol version <see cref="Version"/>.</summary>
public static class LinkProtocol
{
    /// <summary>The protocol version this code speaks: the first byte of every frame body.</summary>
    public const byte Version = 1;

    /// <summary>Bytes before the payload: version, type, sequence (uint16 LE).</summary>
    public const int HeaderLength = 4;

    /// <summary>Bytes after the payload: CRC-16/CCITT-FALSE (uint16 LE) of header and payload.</summary>
    public const int CrcLength = 2;

    /// <summary>Most actuators a command can carry.</summary>
    public const int MaxActuators = 32;

    /// <summary>Most float32 values a telemetry frame can carry.</summary>
    public const int MaxValues = 48;

    /// <summary>Payload of a capabilities frame.</summary>
    public const int CapabilitiesLength = 10;

    /// <summary>Payload of a heartbeat frame.</summary>
    public const int HeartbeatLength = 5;

    /// <summary>Payload of a command before its int16 values.</summary>
    public const int CommandFixedLength = 2;

    /// <summary>Payload of a telemetry frame before its float32 values.</summary>
    public const int TelemetryFixedLength = 10;

    /// <summary>The largest payload (a telemetry frame with <see cref="MaxValues"/> values).</summary>
    public const int MaxPayloadLength = TelemetryFixedLength + (4 * MaxValues);

    /// <summary>The largest frame body: header, payload, CRC.</summary>
    public const int MaxBodyLength = HeaderLength + MaxPayloadLength + CrcLength;

    /// <summary>The largest frame on the wire: COBS-encoded body plus the 0x00 delimiter.</summary>
    public static int MaxWireLength { get; } = Cobs.MaxEncodedLength(MaxBodyLength) + 1;

    /// <summary>The int16 value of a command that means "actuator at its high end" (and its negation the low end).</summary>
    public const short FullScale = 32767;

    /// <summary>Reserved int16: a command carrying it is rejected, so a stuck-at-0x8000 bus never reaches an output.</summary>
    public const short InvalidCommandValue = short.MinValue;

    /// <summary>
    /// Whether <paramref name="payloadLength"/> is the exact length a frame of <paramref name="type"/> must have
    /// (reading the count byte of commands and telemetry from <paramref name="payload"/>).
    /// </summary>
    public static bool HasValidLength(LinkMessageType type, ReadOnlySpan<byte> payload) => type switch
    {
        LinkMessageType.Hello => payload.Length == 0,
        LinkMessageType.Capabilities => payload.Length == CapabilitiesLength,
        LinkMessageType.Heartbeat => payload.Length == HeartbeatLength,
        LinkMessageType.Command => payload.Length >= CommandFixedLength && payload[1] <= MaxActuators
                                   && payload.Length == CommandFixedLength + (2 * payload[1]),
        LinkMessageType.Telemetry => payload.Length >= TelemetryFixedLength && payload[9] <= MaxValues
                                     && payload.Length == TelemetryFixedLength + (4 * payload[9]),
        _ => false,
    };

    /// <summary>Whether <paramref name="type"/> is a message this version knows.</summary>
    public static bool IsKnownType(byte type) => type is >= (byte)LinkMessageType.Hello and <= (byte)LinkMessageType.Heartbeat;

    /// <summary>Hello and capabilities keep their layout in every version, so two versions can at least say so.</summary>
    public static bool IsVersionIndependent(LinkMessageType type) =>
        type is LinkMessageType.Hello or LinkMessageType.Capabilities;
}
