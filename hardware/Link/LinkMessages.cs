// Payload layouts of the five messages (all little-endian), written into and read from caller-owned spans.
using System.Buffers.Binary;

namespace DrlRobot.Hardware.Link;

/// <summary>What a device says about itself in answer to hello. Layout frozen across protocol versions.</summary>
/// <param name="ProtocolVersion">The protocol version the device speaks.</param>
/// <param name="ActuatorCount">Actuators a command must carry.</param>
/// <param name="ObservationCount">Values telemetry carries.</param>
/// <param name="NamesHash">FNV-1a 32 of the actuator and observation names (<see cref="LinkNamesHash"/>).</param>
/// <param name="WatchdogMilliseconds">How long the device waits for a valid command before going neutral.</param>
/// <param name="ArmNeutralCommands">Consecutive neutral commands with the arm flag it needs before it arms.</param>
public readonly record struct LinkCapabilities(byte ProtocolVersion, byte ActuatorCount, byte ObservationCount,
                                               uint NamesHash, ushort WatchdogMilliseconds, byte ArmNeutralCommands)
{
    /// <summary>Writes the payload and returns its length.</summary>
    public int Write(Span<byte> payload)
    {
        payload[0] = ProtocolVersion;
        payload[1] = ActuatorCount;
        payload[2] = ObservationCount;
        BinaryPrimitives.WriteUInt32LittleEndian(payload[3..], NamesHash);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[7..], WatchdogMilliseconds);
        payload[9] = ArmNeutralCommands;
        return LinkProtocol.CapabilitiesLength;
    }

    /// <summary>Reads a payload the decoder accepted as capabilities.</summary>
    public static LinkCapabilities Read(ReadOnlySpan<byte> payload) => new(
        payload[0], payload[1], payload[2], BinaryPrimitives.ReadUInt32LittleEndian(payload[3..]),
        BinaryPrimitives.ReadUInt16LittleEndian(payload[7..]), payload[9]);
}

/// <summary>A heartbeat: the sender's clock and status (a host sends status 0).</summary>
/// <param name="TimeMicroseconds">The sender's clock in microseconds (uint32, wraps after about 71 minutes).</param>
/// <param name="Status">The sender's status flags.</param>
public readonly record struct LinkHeartbeat(uint TimeMicroseconds, LinkStatusFlags Status)
{
    /// <summary>Writes the payload and returns its length.</summary>
    public int Write(Span<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(payload, TimeMicroseconds);
        payload[4] = (byte)Status;
        return LinkProtocol.HeartbeatLength;
    }

    /// <summary>Reads a payload the decoder accepted as a heartbeat.</summary>
    public static LinkHeartbeat Read(ReadOnlySpan<byte> payload) =>
        new(BinaryPrimitives.ReadUInt32LittleEndian(payload), (LinkStatusFlags)payload[4]);
}

/// <summary>Command payload: flags, count, then one int16 per actuator (see <see cref="LinkFixedPoint"/>).</summary>
public static class LinkCommand
{
    /// <summary>Writes the payload and returns its length.</summary>
    public static int Write(CommandFlags flags, ReadOnlySpan<short> values, Span<byte> payload)
    {
        if (values.Length > LinkProtocol.MaxActuators)
        {
            throw new ArgumentOutOfRangeException(nameof(values), values.Length,
                $"a command carries at most {LinkProtocol.MaxActuators} actuators");
        }
        payload[0] = (byte)flags;
        payload[1] = (byte)values.Length;
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(payload[(LinkProtocol.CommandFixedLength + (2 * i))..], values[i]);
        }
        return LinkProtocol.CommandFixedLength + (2 * values.Length);
    }

    /// <summary>The flags of a command payload.</summary>
    public static CommandFlags ReadFlags(ReadOnlySpan<byte> payload) => (CommandFlags)payload[0];

    /// <summary>The number of values of a command payload.</summary>
    public static int ReadCount(ReadOnlySpan<byte> payload) => payload[1];

    /// <summary>Copies the values of a command payload into <paramref name="values"/> and returns how many.</summary>
    public static int ReadValues(ReadOnlySpan<byte> payload, Span<short> values)
    {
        int count = payload[1];
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadInt16LittleEndian(payload[(LinkProtocol.CommandFixedLength + (2 * i))..]);
        }
        return count;
    }
}

/// <summary>The fixed fields of a telemetry payload, which float32 values follow.</summary>
/// <param name="EchoSequence">Sequence of the last command the device accepted (0 before the first).</param>
/// <param name="DeviceTimeMicroseconds">Device clock in microseconds when the frame was built (uint32, wraps).</param>
/// <param name="Status">Device status flags.</param>
/// <param name="DeviceFramesRejected">Frames the device has rejected since it started (uint16, wraps).</param>
public readonly record struct LinkTelemetryHeader(ushort EchoSequence, uint DeviceTimeMicroseconds,
                                                  LinkStatusFlags Status, ushort DeviceFramesRejected)
{
    /// <summary>Writes the payload with <paramref name="values"/> and returns its length.</summary>
    public int Write(ReadOnlySpan<float> values, Span<byte> payload)
    {
        if (values.Length > LinkProtocol.MaxValues)
        {
            throw new ArgumentOutOfRangeException(nameof(values), values.Length,
                $"telemetry carries at most {LinkProtocol.MaxValues} values");
        }
        BinaryPrimitives.WriteUInt16LittleEndian(payload, EchoSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[2..], DeviceTimeMicroseconds);
        payload[6] = (byte)Status;
        BinaryPrimitives.WriteUInt16LittleEndian(payload[7..], DeviceFramesRejected);
        payload[9] = (byte)values.Length;
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload[(LinkProtocol.TelemetryFixedLength + (4 * i))..], values[i]);
        }
        return LinkProtocol.TelemetryFixedLength + (4 * values.Length);
    }

    /// <summary>Reads the fixed fields of a payload the decoder accepted as telemetry.</summary>
    public static LinkTelemetryHeader Read(ReadOnlySpan<byte> payload) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(payload), BinaryPrimitives.ReadUInt32LittleEndian(payload[2..]),
        (LinkStatusFlags)payload[6], BinaryPrimitives.ReadUInt16LittleEndian(payload[7..]));

    /// <summary>The number of values of a telemetry payload.</summary>
    public static int ReadCount(ReadOnlySpan<byte> payload) => payload[9];

    /// <summary>Copies the values of a telemetry payload into <paramref name="values"/> and returns how many.</summary>
    public static int ReadValues(ReadOnlySpan<byte> payload, Span<float> values)
    {
        int count = payload[9];
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(LinkProtocol.TelemetryFixedLength + (4 * i))..]);
        }
        return count;
    }
}
