// Helpers that play the host in tests: build command/hello frames and read back what a device sent.
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Link;

internal static class LinkTestFrames
{
    public static byte[] Command(ushort sequence, CommandFlags flags, params short[] values)
    {
        var payload = new byte[LinkProtocol.MaxPayloadLength];
        int n = LinkCommand.Write(flags, values, payload);
        return Frame(LinkMessageType.Command, sequence, payload.AsSpan(0, n));
    }

    public static byte[] Hello() => Frame(LinkMessageType.Hello, 0, []);

    public static byte[] Frame(LinkMessageType type, ushort sequence, ReadOnlySpan<byte> payload)
    {
        var wire = new byte[LinkProtocol.MaxWireLength];
        int n = LinkFrameWriter.Write(type, sequence, payload, wire);
        return wire[..n];
    }

    /// <summary>Decodes every frame of <paramref name="bytes"/> into (type, sequence, payload copy).</summary>
    public static List<(LinkMessageType Type, ushort Sequence, byte[] Payload)> Decode(ReadOnlySpan<byte> bytes)
    {
        var decoder = new LinkDecoder();
        var frames = new List<(LinkMessageType, ushort, byte[])>();
        while (decoder.TryDecode(ref bytes, out LinkFrame frame))
        {
            frames.Add((frame.Type, frame.Sequence, frame.Payload.ToArray()));
        }
        return frames;
    }
}
