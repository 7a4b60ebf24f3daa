// The UDP datagram a tracking system sends with a robot's external state (position, velocity, …), and its codec.
using System.Buffers.Binary;

namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// Layout, little-endian: magic "DRXS" (4 bytes), sequence number (uint32), value count (uint16), reserved (uint16,
/// zero), then the values as float32. A tracker bridge (motion capture, UWB, a camera) writes one per measurement.
/// </summary>
public static class ExternalStateDatagram
{
    /// <summary>"DRXS" as a little-endian uint32.</summary>
    public const uint Magic = 0x53585244;

    /// <summary>Bytes before the values.</summary>
    public const int HeaderLength = 12;

    /// <summary>Length of a datagram carrying <paramref name="count"/> values.</summary>
    public static int Length(int count) => HeaderLength + (4 * count);

    /// <summary>Writes a datagram into <paramref name="destination"/>; returns its length.</summary>
    public static int Write(Span<byte> destination, uint sequence, ReadOnlySpan<float> values)
    {
        if (values.Length > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(values), values.Length, "too many values for one datagram");
        }
        int length = Length(values.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"a datagram of {values.Length} values needs {length} bytes", nameof(destination));
        }
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], (ushort)values.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], 0);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(HeaderLength + (4 * i))..], values[i]);
        }
        return length;
    }

    /// <summary>Parses a datagram carrying exactly <paramref name="values"/>.Length values; false when it does not.</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, Span<float> values, out uint sequence)
    {
        sequence = 0;
        if (datagram.Length != Length(values.Length)
            || BinaryPrimitives.ReadUInt32LittleEndian(datagram) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(datagram[8..]) != values.Length)
        {
            return false;
        }
        sequence = BinaryPrimitives.ReadUInt32LittleEndian(datagram[4..]);
        for (int i = 0; i < values.Length; i++)
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(datagram[(HeaderLength + (4 * i))..]);
            if (!float.IsFinite(value))
            {
                return false;
            }
            values[i] = value;
        }
        return true;
    }
}
