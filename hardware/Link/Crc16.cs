// CRC-16/CCITT-FALSE, the checksum at the end of every link frame (poly 0x1021, init 0xFFFF, no reflection, no xorout).
namespace DrlRobot.Hardware.Link;

/// <summary>
/// CRC-16/CCITT-FALSE. Its check value, the CRC of the ASCII bytes "123456789", is 0x29B1. The firmware computes the
/// same CRC bit by bit; the host uses a table because it also checks a million fuzzed frames in a test.
/// </summary>
public static class Crc16
{
    /// <summary>The initial register value.</summary>
    public const ushort Initial = 0xFFFF;

    /// <summary>CRC of "123456789", the catalogue's check value.</summary>
    public const ushort CheckValue = 0x29B1;

    private static readonly ushort[] Table = BuildTable();

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Update(Initial, data);

    /// <summary>Continues a CRC over more bytes, for data that arrives in pieces.</summary>
    public static ushort Update(ushort crc, ReadOnlySpan<byte> data)
    {
        ushort[] table = Table;
        foreach (byte b in data)
        {
            crc = (ushort)((crc << 8) ^ table[(byte)((crc >> 8) ^ b)]);
        }
        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            ushort crc = (ushort)(i << 8);
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
            table[i] = crc;
        }
        return table;
    }
}
