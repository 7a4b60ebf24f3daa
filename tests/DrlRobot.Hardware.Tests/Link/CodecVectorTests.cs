// The C# codec against the shared vectors: CRC, COBS, names hash, fixed point, whole frames and rejections.
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Link;

public class CodecVectorTests
{
    [Test]
    public void Crc16_OfCheckString_IsCatalogueCheckValue()
    {
        Assert.That(Crc16.Compute("123456789"u8), Is.EqualTo(Crc16.CheckValue).And.EqualTo(0x29B1));
    }

    [Test]
    public void Crc16_MatchesEveryVector()
    {
        Assert.That(LinkVectors.Crc.Count(), Is.GreaterThanOrEqualTo(3));
        foreach (CrcVector v in LinkVectors.Crc)
        {
            Assert.That(Crc16.Compute(v.Data), Is.EqualTo(v.Crc), Convert.ToHexString(v.Data));
        }
    }

    [Test]
    public void Cobs_EncodesAndDecodesEveryVector()
    {
        foreach (CobsVector v in LinkVectors.Cobs)
        {
            var encoded = new byte[Cobs.MaxEncodedLength(v.Raw.Length)];
            int n = Cobs.Encode(v.Raw, encoded);
            Assert.That(encoded[..n], Is.EqualTo(v.Encoded), $"encode {Convert.ToHexString(v.Raw)}");
            Assert.That(encoded[..n], Does.Not.Contain((byte)0));
            var decoded = new byte[v.Raw.Length + 1];
            int m = Cobs.Decode(v.Encoded, decoded);
            Assert.That(decoded[..m], Is.EqualTo(v.Raw), $"decode {Convert.ToHexString(v.Encoded)}");
        }
    }

    [Test]
    public void Cobs_Decode_RejectsCodePointingPastTheEnd()
    {
        Assert.That(Cobs.Decode([0x05, 0x11, 0x22], new byte[16]), Is.EqualTo(-1));
        Assert.That(Cobs.Decode([0x02, 0x00], new byte[16]), Is.EqualTo(-1));
    }

    [Test]
    public void NamesHash_MatchesEveryVector()
    {
        foreach (HashVector v in LinkVectors.Hash)
        {
            Assert.That(LinkNamesHash.Compute(v.Actuators, v.Observations), Is.EqualTo(v.Hash), string.Join(",", v.Actuators));
        }
    }

    [Test]
    public void NamesHash_DependsOnOrderAndOnWhichListANameIsIn()
    {
        uint baseline = LinkNamesHash.Compute(["a", "b"], ["c"]);
        Assert.That(LinkNamesHash.Compute(["b", "a"], ["c"]), Is.Not.EqualTo(baseline));
        Assert.That(LinkNamesHash.Compute(["a"], ["b", "c"]), Is.Not.EqualTo(baseline));
    }

    [Test]
    public void NamesHash_RejectsEmptyOrMultiLineNames()
    {
        Assert.Throws<ArgumentException>(() => LinkNamesHash.Compute(["a", ""], ["c"]));
        Assert.Throws<ArgumentException>(() => LinkNamesHash.Compute(["a"], ["c\nd"]));
    }

    [Test]
    public void FixedPoint_MatchesEveryVectorAndRoundTripsWithinHalfAStep()
    {
        foreach (FixedVector v in LinkVectors.Fixed)
        {
            short q = LinkFixedPoint.ToWire(v.Value, v.Low, v.Neutral, v.High);
            Assert.That(q, Is.EqualTo(v.Wire), $"{v.Value} in [{v.Low}, {v.Neutral}, {v.High}]");
            float clamped = Math.Clamp(v.Value, v.Low, v.High);
            float step = (v.High - v.Low) / LinkProtocol.FullScale;
            Assert.That(LinkFixedPoint.FromWire(q, v.Low, v.Neutral, v.High), Is.EqualTo(clamped).Within(step));
        }
    }

    [Test]
    public void FixedPoint_NeutralIsExactlyZeroAndNaNIsNeutral()
    {
        Assert.That(LinkFixedPoint.ToWire(0.3f, 0.3f, 0.3f, 1f), Is.Zero);
        Assert.That(LinkFixedPoint.ToWire(float.NaN, -1f, 0f, 1f), Is.Zero);
        Assert.That(LinkFixedPoint.FromWire(0, -2f, 0.7f, 5f), Is.EqualTo(0.7f));
        Assert.That(LinkFixedPoint.FromWire(LinkProtocol.InvalidCommandValue, -2f, 0f, 5f), Is.EqualTo(-2f).Within(1e-6));
    }

    [TestCaseSource(typeof(LinkVectors), nameof(LinkVectors.Frames))]
    public void Frame_EncodesToTheVectorWireBytes(FrameVector v)
    {
        var wire = new byte[LinkProtocol.MaxWireLength];
        int n = LinkFrameWriter.Write(v.Version, Enum.Parse<LinkMessageType>(v.Type, ignoreCase: true), v.Sequence, v.Payload, wire);
        Assert.That(wire[..n], Is.EqualTo(v.Wire));
    }

    [TestCaseSource(typeof(LinkVectors), nameof(LinkVectors.Frames))]
    public void Frame_DecodesFromTheVectorWireBytes(FrameVector v)
    {
        var decoder = new LinkDecoder();
        ReadOnlySpan<byte> input = v.Wire;
        Assert.That(decoder.TryDecode(ref input, out LinkFrame frame), Is.True);
        Assert.That(frame.Version, Is.EqualTo(v.Version));
        Assert.That(frame.Type, Is.EqualTo(Enum.Parse<LinkMessageType>(v.Type, ignoreCase: true)));
        Assert.That(frame.Sequence, Is.EqualTo(v.Sequence));
        Assert.That(frame.Payload.ToArray(), Is.EqualTo(v.Payload));
        Assert.That(input.IsEmpty, Is.True);
    }

    [TestCaseSource(typeof(LinkVectors), nameof(LinkVectors.Rejects))]
    public void Frame_RejectVectorIsRejectedForItsReason(RejectVector v)
    {
        var decoder = new LinkDecoder();
        ReadOnlySpan<byte> input = v.Wire;
        Assert.That(decoder.TryDecode(ref input, out _), Is.False);
        var reason = Enum.Parse<LinkRejectReason>(v.Reason.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
        Assert.That(decoder.Rejected(reason), Is.EqualTo(1), v.Reason);
        Assert.That(decoder.FramesRejected, Is.EqualTo(1));
        Assert.That(decoder.FramesDecoded, Is.Zero);
    }

    [Test]
    public void Messages_WriteThePayloadsOfTheNamedVectors()
    {
        var payload = new byte[LinkProtocol.MaxPayloadLength];
        uint lander = LinkVectors.Hash.First().Hash;
        int n = new LinkCapabilities(1, 3, 8, lander, 250, 5).Write(payload);
        Assert.That(payload[..n], Is.EqualTo(LinkVectors.Frame("capabilities_lander").Payload));

        n = LinkCommand.Write(CommandFlags.Arm, [16384, -32767, 32767], payload);
        Assert.That(payload[..n], Is.EqualTo(LinkVectors.Frame("command_values").Payload));
        n = LinkCommand.Write(CommandFlags.Kill, [0, 100], payload);
        Assert.That(payload[..n], Is.EqualTo(LinkVectors.Frame("command_kill").Payload));

        n = new LinkTelemetryHeader(0x1234, 123456789, LinkStatusFlags.Armed, 0).Write([1.5f, -2.25f, 0f, 1e6f], payload);
        Assert.That(payload[..n], Is.EqualTo(LinkVectors.Frame("telemetry_armed").Payload));

        n = new LinkHeartbeat(250000, LinkStatusFlags.WatchdogTripped | LinkStatusFlags.Failsafe).Write(payload);
        Assert.That(payload[..n], Is.EqualTo(LinkVectors.Frame("heartbeat_device").Payload));
    }

    [Test]
    public void Messages_ReadBackWhatTheVectorsHold()
    {
        LinkCapabilities caps = LinkCapabilities.Read(LinkVectors.Frame("capabilities_lander").Payload);
        Assert.That(caps, Is.EqualTo(new LinkCapabilities(1, 3, 8, LinkVectors.Hash.First().Hash, 250, 5)));

        byte[] telemetry = LinkVectors.Frame("telemetry_armed").Payload;
        Assert.That(LinkTelemetryHeader.Read(telemetry), Is.EqualTo(new LinkTelemetryHeader(0x1234, 123456789, LinkStatusFlags.Armed, 0)));
        var values = new float[LinkProtocol.MaxValues];
        Assert.That(LinkTelemetryHeader.ReadValues(telemetry, values), Is.EqualTo(4));
        Assert.That(values[..4], Is.EqualTo(new[] { 1.5f, -2.25f, 0f, 1e6f }));

        byte[] command = LinkVectors.Frame("command_values").Payload;
        var q = new short[LinkProtocol.MaxActuators];
        Assert.That(LinkCommand.ReadFlags(command), Is.EqualTo(CommandFlags.Arm));
        Assert.That(LinkCommand.ReadValues(command, q), Is.EqualTo(3));
        Assert.That(q[..3], Is.EqualTo(new short[] { 16384, -32767, 32767 }));
    }

    [Test]
    public void ProtocolDocument_ShowsEveryFrameAndRejectVector()
    {
        string doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "hardware", "PROTOCOL.md"))
            .Replace(" ", "", StringComparison.Ordinal);
        foreach (FrameVector v in LinkVectors.Frames)
        {
            Assert.That(doc, Does.Contain(Convert.ToHexString(v.Wire)), v.Name);
        }
        foreach (RejectVector v in LinkVectors.Rejects.Where(r => r.Wire.Length < 64))
        {
            Assert.That(doc, Does.Contain(Convert.ToHexString(v.Wire)), v.Name);
        }
    }
}
