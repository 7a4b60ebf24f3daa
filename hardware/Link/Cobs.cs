// Consistent Overhead Byte Stuffing: removes every 0x00 from a frame so that 0x00 can mark where frames end.
namespace DrlRobot.Hardware.Link;

/// <summary>
/// COBS encoding and decoding over spans. An encoded block of n bytes is at most n + ceil(n / 254) + 1 bytes and
/// contains no zero; the wire adds one 0x00 delimiter after it (the delimiter is not part of the COBS block).
/// </summary>
public static class Cobs
{
    /// <summary>The most bytes <see cref="Encode"/> can write for <paramref name="length"/> input bytes.</summary>
    public static int MaxEncodedLength(int length) => length + (length / 254) + 1;

    /// <summary>
    /// Encodes <paramref name="source"/> into <paramref name="destination"/> and returns the bytes written.
    /// Throws <see cref="ArgumentException"/> when <paramref name="destination"/> is shorter than
    /// <see cref="MaxEncodedLength"/>.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < MaxEncodedLength(source.Length))
        {
            throw new ArgumentException(
                $"COBS needs {MaxEncodedLength(source.Length)} bytes for {source.Length}, got {destination.Length}",
                nameof(destination));
        }
        int codeIndex = 0;
        int write = 1;
        byte code = 1;
        foreach (byte b in source)
        {
            if (b == 0)
            {
                destination[codeIndex] = code;
                codeIndex = write++;
                code = 1;
                continue;
            }
            destination[write++] = b;
            code++;
            if (code == 0xFF)
            {
                // A full block of 254 non-zero bytes ends without an implied zero.
                destination[codeIndex] = code;
                codeIndex = write++;
                code = 1;
            }
        }
        destination[codeIndex] = code;
        return write;
    }

    /// <summary>
    /// Decodes one COBS block (without its 0x00 delimiter) into <paramref name="destination"/>. Returns the decoded
    /// length, or -1 when the block is malformed (a zero byte, a code pointing past the end) or does not fit.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int read = 0;
        int write = 0;
        while (read < source.Length)
        {
            byte code = source[read++];
            if (code == 0 || read + code - 1 > source.Length)
            {
                return -1;
            }
            for (int i = 1; i < code; i++)
            {
                byte b = source[read++];
                if (b == 0 || write >= destination.Length)
                {
                    return -1;
                }
                destination[write++] = b;
            }
            // A code below 0xFF implies a zero, except at the very end where it only closes the block.
            if (code != 0xFF && read < source.Length)
            {
                if (write >= destination.Length)
                {
                    return -1;
                }
                destination[write++] = 0;
            }
        }
        return write;
    }
}
