// Reads hardware/firmware/test/link_vectors.txt, the vectors the C# codec and the firmware codec are both held to.
using System.Globalization;

namespace DrlRobot.Hardware.Tests.Link;

internal sealed record CrcVector(byte[] Data, ushort Crc);

internal sealed record CobsVector(byte[] Raw, byte[] Encoded);

internal sealed record HashVector(uint Hash, string[] Actuators, string[] Observations);

internal sealed record FixedVector(float Value, float Low, float Neutral, float High, short Wire);

public sealed record FrameVector(string Name, byte Version, string Type, ushort Sequence, byte[] Payload, byte[] Wire)
{
    public override string ToString() => Name;
}

public sealed record RejectVector(string Name, string Reason, byte[] Wire)
{
    public override string ToString() => Name;
}

internal static class LinkVectors
{
    public static string FilePath { get; } = Path.Combine(TestPaths.RepoRoot, "hardware", "firmware", "test", "link_vectors.txt");

    private static readonly string[][] Lines = File.ReadAllLines(FilePath)
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToArray();

    public static IEnumerable<string[]> OfKind(string kind) => Lines.Where(l => l[0] == kind);

    public static IEnumerable<CrcVector> Crc => OfKind("crc").Select(l => new CrcVector(Hex(l[1]), ushort.Parse(l[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

    public static IEnumerable<CobsVector> Cobs => OfKind("cobs").Select(l => new CobsVector(Hex(l[1]), Hex(l[2])));

    public static IEnumerable<HashVector> Hash => OfKind("hash").Select(l => new HashVector(
        uint.Parse(l[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), Names(l[2]), Names(l[3])));

    public static IEnumerable<FixedVector> Fixed => OfKind("fixed").Select(l => new FixedVector(
        F(l[1]), F(l[2]), F(l[3]), F(l[4]), short.Parse(l[5], CultureInfo.InvariantCulture)));

    public static IEnumerable<FrameVector> Frames => OfKind("frame").Select(l => new FrameVector(
        l[1], byte.Parse(l[2], CultureInfo.InvariantCulture), l[3], ushort.Parse(l[4], CultureInfo.InvariantCulture),
        Hex(l[5]), Hex(l[6])));

    public static IEnumerable<RejectVector> Rejects => OfKind("reject").Select(l => new RejectVector(l[1], l[2], Hex(l[3])));

    public static FrameVector Frame(string name) => Frames.Single(f => f.Name == name);

    public static byte[] Hex(string text) => text == "-" ? [] : Convert.FromHexString(text);

    private static string[] Names(string text) => text == "-" ? [] : text.Split(',');

    private static float F(string text) => float.Parse(text, CultureInfo.InvariantCulture);
}
