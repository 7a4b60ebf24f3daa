// Turns an arbitrary stream of byte chunks into checked frames, skipping noise, and counts every kind of rejection.
using System.Buffers.Binary;

namespace DrlRobot.Hardware.Link;

/// <summary>Why the decoder threw a frame away.</summary>
public enum LinkRejectReason
{
    /// <summary>Not a valid COBS block.</summary>
    Cobs,

    /// <summary>Longer than any frame can be, or shorter than a header and CRC.</summary>
    Size,

    /// <summary>CRC mismatch.</summary>
    Crc,

    /// <summary>Another protocol version on a message whose layout depends on the version.</summary>
    Version,

    /// <summary>A message type this version does not know.</summary>
    UnknownType,

    /// <summary>A payload whose length does not match its type (and count byte).</summary>
    Length,
}

/// <summary>
/// Stream decoder. Feed it whatever the port returned; it accumulates up to the next 0x00 and checks the frame.
/// After garbage or an overlong run it resynchronises on the next delimiter. Buffers are allocated once, so decoding
/// allocates nothing per frame. Not thread-safe: one reader owns it.
/// </summary>
public sealed class LinkDecoder
{
    private readonly byte[] _encoded = new byte[LinkProtocol.MaxWireLength];
    private readonly byte[] _body = new byte[LinkProtocol.MaxBodyLength];
    private readonly long[] _rejected = new long[Enum.GetValues<LinkRejectReason>().Length];
    private int _encodedLength;
    private bool _overflowed;

    /// <summary>Frames that passed every check.</summary>
    public long FramesDecoded { get; private set; }

    /// <summary>Frames thrown away, all reasons together.</summary>
    public long FramesRejected { get; private set; }

    /// <summary>Frames thrown away for <paramref name="reason"/>.</summary>
    public long Rejected(LinkRejectReason reason) => _rejected[(int)reason];

    /// <summary>Drops a partial frame, for example after the port was reopened.</summary>
    public void Reset()
    {
        _encodedLength = 0;
        _overflowed = false;
    }

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> until a valid frame completes (true, <paramref name="input"/>
    /// advanced past it) or the input runs out (false, input empty). Call it in a loop until it returns false.
    /// </summary>
    public bool TryDecode(ref ReadOnlySpan<byte> input, out LinkFrame frame)
    {
        while (!input.IsEmpty)
        {
            int delimiter = input.IndexOf((byte)0);
            ReadOnlySpan<byte> chunk = delimiter < 0 ? input : input[..delimiter];
            Append(chunk);
            if (delimiter < 0)
            {
                input = default;
                break;
            }
            input = input[(delimiter + 1)..];
            if (TryFinish(out frame))
            {
                return true;
            }
        }
        frame = default;
        return false;
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (_overflowed)
        {
            return;
        }
        if (_encodedLength + chunk.Length > _encoded.Length - 1)
        {
            // Too long to be a frame: noise or a lost delimiter. Skip to the next delimiter and count it there.
            _overflowed = true;
            return;
        }
        chunk.CopyTo(_encoded.AsSpan(_encodedLength));
        _encodedLength += chunk.Length;
    }

    private bool TryFinish(out LinkFrame frame)
    {
        frame = default;
        int length = _encodedLength;
        bool overflowed = _overflowed;
        Reset();
        if (overflowed)
        {
            return Reject(LinkRejectReason.Size);
        }
        if (length == 0)
        {
            // Back-to-back delimiters: senders may add one to flush noise; not a frame, not an error.
            return false;
        }
        int bodyLength = Cobs.Decode(_encoded.AsSpan(0, length), _body);
        if (bodyLength < 0)
        {
            return Reject(LinkRejectReason.Cobs);
        }
        if (bodyLength < LinkProtocol.HeaderLength + LinkProtocol.CrcLength)
        {
            return Reject(LinkRejectReason.Size);
        }
        ReadOnlySpan<byte> body = _body.AsSpan(0, bodyLength);
        int crcAt = bodyLength - LinkProtocol.CrcLength;
        if (BinaryPrimitives.ReadUInt16LittleEndian(body[crcAt..]) != Crc16.Compute(body[..crcAt]))
        {
            return Reject(LinkRejectReason.Crc);
        }
        byte version = body[0];
        byte typeByte = body[1];
        if (!LinkProtocol.IsKnownType(typeByte))
        {
            return Reject(version == LinkProtocol.Version ? LinkRejectReason.UnknownType : LinkRejectReason.Version);
        }
        var type = (LinkMessageType)typeByte;
        if (version != LinkProtocol.Version && !LinkProtocol.IsVersionIndependent(type))
        {
            return Reject(LinkRejectReason.Version);
        }
        ReadOnlySpan<byte> payload = body[LinkProtocol.HeaderLength..crcAt];
        if (!LinkProtocol.HasValidLength(type, payload))
        {
            return Reject(LinkRejectReason.Length);
        }
        FramesDecoded++;
        frame = new LinkFrame(version, type, BinaryPrimitives.ReadUInt16LittleEndian(body[2..]), payload);
        return true;
    }

    private bool Reject(LinkRejectReason reason)
    {
        _rejected[(int)reason]++;
        FramesRejected++;
        return false;
    }
}
