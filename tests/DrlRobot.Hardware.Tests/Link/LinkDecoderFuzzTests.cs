// A million random and mutated frames through the decoder: nothing escapes, nothing hangs, nothing is allocated,
// and what it accepts is (but for CRC-16's 1-in-65536 blind spot) exactly what a sender sent.
using System.Diagnostics;
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Link;

public class LinkDecoderFuzzTests
{
    private const int Frames = 1_000_000;

    [Test]
    public void Decoder_SurvivesAMillionRandomAndMutatedFrames()
    {
        var random = new Random(20261126);
        var decoder = new LinkDecoder();
        var payload = new byte[LinkProtocol.MaxPayloadLength];
        var wire = new byte[LinkProtocol.MaxWireLength + 64];
        var stream = new byte[1 << 16];
        var expected = new short[LinkProtocol.MaxActuators];
        var actual = new short[LinkProtocol.MaxActuators];
        long intact = 0, guaranteed = 0, decoded = 0, foreign = 0;
        bool afterDelimiter = true;
        int fill = 0;
        // Warm up first: static tables (the CRC table) and the JIT allocate once, which is not per-frame growth.
        Feed(decoder, random, wire.AsSpan(0, NextFrame(new Random(1), 0, payload, wire, out _)), expected, actual, ref decoded, ref foreign);
        decoded = foreign = 0;
        long warmRejected = decoder.FramesRejected;
        var watch = Stopwatch.StartNew();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Frames; i++)
        {
            int n = NextFrame(random, (ushort)i, payload, wire, out bool mutated);
            intact += mutated ? 0 : 1;
            // An intact frame that follows a delimiter must come through: the decoder is clean after every 0x00.
            guaranteed += !mutated && afterDelimiter ? 1 : 0;
            afterDelimiter = wire[n - 1] == 0;
            if (fill + n > stream.Length)
            {
                Feed(decoder, random, stream.AsSpan(0, fill), expected, actual, ref decoded, ref foreign);
                fill = 0;
            }
            wire.AsSpan(0, n).CopyTo(stream.AsSpan(fill));
            fill += n;
        }
        Feed(decoder, random, stream.AsSpan(0, fill), expected, actual, ref decoded, ref foreign);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        watch.Stop();

        TestContext.Out.WriteLine($"{Frames} frames in {watch.Elapsed.TotalSeconds:F1} s: {intact} intact ({guaranteed} after a delimiter), {decoded} decoded, " +
                                  $"{decoder.FramesRejected - warmRejected} rejected, {foreign} accepted but not as sent, {allocated} bytes allocated");
        Assert.That(allocated, Is.Zero);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        // A mutated frame that lost its delimiter swallows the next one, so only intact frames after a 0x00 must survive.
        Assert.That(decoded - foreign, Is.GreaterThanOrEqualTo(guaranteed).And.LessThanOrEqualTo(intact));
        Assert.That(guaranteed, Is.GreaterThan(Frames / 3));
        Assert.That(decoder.FramesRejected - warmRejected, Is.GreaterThan((Frames - intact) / 2));
        Assert.That(foreign, Is.LessThanOrEqualTo(Math.Max(4, (Frames - intact) / 65536 * 3)));
    }

    private static void Feed(LinkDecoder decoder, Random random, ReadOnlySpan<byte> stream, short[] expected,
                             short[] actual, ref long decoded, ref long foreign)
    {
        while (!stream.IsEmpty)
        {
            int chunk = Math.Min(stream.Length, random.Next(1, 300));
            ReadOnlySpan<byte> input = stream[..chunk];
            stream = stream[chunk..];
            while (decoder.TryDecode(ref input, out LinkFrame frame))
            {
                decoded++;
                if (frame.Type != LinkMessageType.Command || !Matches(frame, expected, actual))
                {
                    foreign++;
                }
            }
        }
    }

    private static bool Matches(LinkFrame frame, short[] expected, short[] actual)
    {
        int count = ExpectedValues(frame.Sequence, expected);
        return LinkCommand.ReadCount(frame.Payload) == count && LinkCommand.ReadValues(frame.Payload, actual) == count
               && actual.AsSpan(0, count).SequenceEqual(expected.AsSpan(0, count))
               && LinkCommand.ReadFlags(frame.Payload) == (CommandFlags)(frame.Sequence & 3);
    }

    /// <summary>Every sent command's content follows from its sequence, so the test can tell a true frame from a lucky one.</summary>
    private static int ExpectedValues(ushort sequence, Span<short> values)
    {
        int count = 1 + (sequence % LinkProtocol.MaxActuators);
        for (int i = 0; i < count; i++)
        {
            values[i] = (short)((sequence * 31) + (i * 977));
        }
        return count;
    }

    private static int NextFrame(Random random, ushort sequence, byte[] payload, byte[] wire, out bool mutated)
    {
        Span<short> values = stackalloc short[LinkProtocol.MaxActuators];
        int count = ExpectedValues(sequence, values);
        int p = LinkCommand.Write((CommandFlags)(sequence & 3), values[..count], payload);
        int n = LinkFrameWriter.Write(LinkMessageType.Command, sequence, payload.AsSpan(0, p), wire);
        mutated = true;
        switch (random.Next(10))
        {
            case 0: // random garbage, zeros included, of any length up to past the longest frame
                n = random.Next(1, LinkProtocol.MaxWireLength + 60);
                random.NextBytes(wire.AsSpan(0, n));
                return n;
            case 1: // one to three bit flips anywhere, the delimiter included
                for (int k = random.Next(1, 4); k > 0; k--)
                {
                    wire[random.Next(n)] ^= (byte)(1 << random.Next(8));
                }
                return n;
            case 2: // cut off, without its delimiter
                return random.Next(1, n - 1);
            case 3: // one byte deleted
                int at = random.Next(n - 1);
                wire.AsSpan(at + 1, n - at - 1).CopyTo(wire.AsSpan(at));
                return n - 1;
            case 4: // one random byte inserted
                int pos = random.Next(n);
                wire.AsSpan(pos, n - pos).CopyTo(wire.AsSpan(pos + 1));
                wire[pos] = (byte)random.Next(256);
                return n + 1;
            default:
                mutated = false;
                return n;
        }
    }
}
