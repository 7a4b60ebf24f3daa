// Builds one wire frame: header, payload and CRC, COBS-encoded and closed by the 0x00 delimiter.
using System.Buffers.Binary;

namespace DrlRobot.Hardware.Link;

/// <summary>Encodes frames straight into a caller's buffer; allocates nothing.</summary>
public static class LinkFrameWriter
{
    /// <summary>
    /// Writes the frame for a <paramref name="type"/> message with <paramref name="sequence"/> and
    /// <paramref name="payload"/> into <paramref name="wire"/> (which must hold <see cref="LinkProtocol.MaxWireLength"/>
    /// bytes) and returns its length including the delimiter.
    /// </summary>
    public static int Write(LinkMessageType type, ushort sequence, ReadOnlySpan<byte> payload, Span<byte> wire) =>
        Write(LinkProtocol.Version, type, sequence, payload, wire);

    /// <summary>As <see cref="Write(LinkMessageType, ushort, ReadOnlySpan{byte}, Span{byte})"/> with any version byte,
    /// so tests can play a peer that speaks another version.</summary>
    internal static int Write(byte version, LinkMessageType type, ushort sequence, ReadOnlySpan<byte> payload,
                              Span<byte> wire)
    {
        if (payload.Length > LinkProtocol.MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length,
                $"a payload holds at most {LinkProtocol.MaxPayloadLength} bytes");
        }
        Span<byte> body = stackalloc byte[LinkProtocol.MaxBodyLength];
        body[0] = version;
        body[1] = (byte)type;
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], sequence);
        payload.CopyTo(body[LinkProtocol.HeaderLength..]);
        int crcAt = LinkProtocol.HeaderLength + payload.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(body[crcAt..], Crc16.Compute(body[..crcAt]));
        int bodyLength = crcAt + LinkProtocol.CrcLength;
        int encoded = Cobs.Encode(body[..bodyLength], wire);
        wire[encoded] = 0;
        return encoded + 1;
    }
}
