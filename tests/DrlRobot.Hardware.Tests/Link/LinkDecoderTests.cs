// The stream decoder on real-world byte streams: arbitrary chunking, noise, cut-off frames, and no allocation.
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Link;

public class LinkDecoderTests
{
    private static byte[] CommandFrame(ushort sequence, params short[] values)
    {
        var payload = new byte[LinkProtocol.MaxPayloadLength];
        int n = LinkCommand.Write(CommandFlags.Arm, values, payload);
        var wire = new byte[LinkProtocol.MaxWireLength];
        int w = LinkFrameWriter.Write(LinkMessageType.Command, sequence, payload.AsSpan(0, n), wire);
        return wire[..w];
    }

    private static List<ushort> DecodeAll(LinkDecoder decoder, byte[] stream, int chunk)
    {
        var sequences = new List<ushort>();
        for (int at = 0; at < stream.Length; at += chunk)
        {
            ReadOnlySpan<byte> input = stream.AsSpan(at, Math.Min(chunk, stream.Length - at));
            while (decoder.TryDecode(ref input, out LinkFrame frame))
            {
                sequences.Add(frame.Sequence);
            }
        }
        return sequences;
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(4096)]
    public void Decoder_RecoversEveryFrame_WhateverTheChunkSize(int chunk)
    {
        byte[] stream = [.. CommandFrame(1, 0, 1, 2), .. CommandFrame(2, -5, 0, 7), .. CommandFrame(3, 9, 9, 9)];
        Assert.That(DecodeAll(new LinkDecoder(), stream, chunk), Is.EqualTo(new ushort[] { 1, 2, 3 }));
    }

    [Test]
    public void Decoder_SkipsNoiseBeforeAndBetweenFrames()
    {
        var random = new Random(3);
        var noise = new byte[500];
        random.NextBytes(noise);
        byte[] stream = [.. noise, 0, .. CommandFrame(10, 1, 2, 3), .. noise, 0, 0, 0, .. CommandFrame(11, 4, 5, 6)];
        var decoder = new LinkDecoder();
        Assert.That(DecodeAll(decoder, stream, 13), Is.EqualTo(new ushort[] { 10, 11 }));
        Assert.That(decoder.FramesRejected, Is.GreaterThan(0));
        Assert.That(decoder.FramesDecoded, Is.EqualTo(2));
    }

    [Test]
    public void Decoder_LosesOnlyTheFrameThatFollowsACutOffOne()
    {
        byte[] first = CommandFrame(1, 1, 1, 1);
        byte[] stream = [.. first[..5], .. CommandFrame(2, 2, 2, 2), .. CommandFrame(3, 3, 3, 3)];
        var decoder = new LinkDecoder();
        Assert.That(DecodeAll(decoder, stream, 4), Is.EqualTo(new ushort[] { 3 }));
        Assert.That(decoder.FramesRejected, Is.EqualTo(1));
    }

    [Test]
    public void Decoder_Reset_DropsAPartialFrame()
    {
        byte[] frame = CommandFrame(1, 1, 1, 1);
        var decoder = new LinkDecoder();
        ReadOnlySpan<byte> input = frame.AsSpan(0, 6);
        Assert.That(decoder.TryDecode(ref input, out _), Is.False);
        decoder.Reset();
        Assert.That(DecodeAll(decoder, CommandFrame(2, 2, 2, 2), 64), Is.EqualTo(new ushort[] { 2 }));
        Assert.That(decoder.FramesRejected, Is.Zero);
    }

    [Test]
    public void Decoder_AllocatesNothingPerFrame()
    {
        byte[] stream = [.. CommandFrame(1, 100, -100, 0), .. Enumerable.Repeat((byte)0x55, 40), 0, .. CommandFrame(2, 1, 2, 3)];
        var decoder = new LinkDecoder();
        var values = new short[LinkProtocol.MaxActuators];
        long checksum = 0;
        DecodeAll(decoder, stream, 9);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20_000; i++)
        {
            ReadOnlySpan<byte> input = stream;
            while (decoder.TryDecode(ref input, out LinkFrame frame))
            {
                checksum += LinkCommand.ReadValues(frame.Payload, values) + values[0];
            }
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(checksum, Is.EqualTo(20_000L * (3 + 100 + 3 + 1)));
        Assert.That(decoder.FramesDecoded, Is.EqualTo(40_002));
    }

    [Test]
    public void FrameWriter_RejectsAnOversizedPayload()
    {
        var wire = new byte[LinkProtocol.MaxWireLength + 64];
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            LinkFrameWriter.Write(LinkMessageType.Telemetry, 0, new byte[LinkProtocol.MaxPayloadLength + 1], wire));
    }
}
