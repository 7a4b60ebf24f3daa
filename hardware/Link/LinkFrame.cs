// One decoded frame as a view over the decoder's buffer: valid until the decoder is fed again.
namespace DrlRobot.Hardware.Link;

/// <summary>A frame that passed COBS, CRC, version and length checks. Its payload borrows the decoder's buffer.</summary>
public readonly ref struct LinkFrame
{
    internal LinkFrame(byte version, LinkMessageType type, ushort sequence, ReadOnlySpan<byte> payload)
    {
        Version = version;
        Type = type;
        Sequence = sequence;
        Payload = payload;
    }

    /// <summary>The sender's protocol version (another version only ever arrives on hello and capabilities).</summary>
    public byte Version { get; }

    /// <summary>What the frame carries.</summary>
    public LinkMessageType Type { get; }

    /// <summary>The sender's frame counter (uint16, wraps).</summary>
    public ushort Sequence { get; }

    /// <summary>The message payload, without header and CRC.</summary>
    public ReadOnlySpan<byte> Payload { get; }
}
