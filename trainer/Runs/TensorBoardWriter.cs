// TensorBoard event files written directly: TFRecord framing (length, masked CRC-32C of the length, payload,
// masked CRC-32C of the payload) around Event protocol buffers holding scalar summaries. No TensorFlow needed.
using System.Numerics;
using System.Text;

namespace DrlRobot.Trainer.Runs;

/// <summary>Appends scalars to an events.out.tfevents.* file that `tensorboard --logdir` reads.</summary>
public sealed class TensorBoardWriter : IDisposable
{
    private readonly FileStream _stream;

    /// <summary>Creates a new event file in <paramref name="directory"/>.</summary>
    public TensorBoardWriter(string directory)
    {
        long seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string stem = System.IO.Path.Combine(directory, $"events.out.tfevents.{seconds}.{Environment.MachineName}.{Environment.ProcessId}");
        Path = stem;
        // A resumed run in the same second gets a file of its own; TensorBoard reads every event file of the folder.
        for (int i = 1; File.Exists(Path); i++)
        {
            Path = $"{stem}.{i}";
        }
        _stream = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var header = new List<byte>();
        WallTime(header);
        Text(header, 3, "brain.Event:2"); // Event.file_version
        WriteRecord(header.ToArray());
    }

    /// <summary>The event file.</summary>
    public string Path { get; }

    /// <summary>Writes one scalar at <paramref name="step"/>.</summary>
    public void Scalar(string tag, double value, long step)
    {
        var value_ = new List<byte>();
        Text(value_, 1, tag);                                   // Summary.Value.tag
        value_.Add(Tag(2, 5));                                  // Summary.Value.simple_value (fixed32)
        value_.AddRange(BitConverter.GetBytes((float)value));
        var summary = new List<byte>();
        Bytes(summary, 1, value_);                              // Summary.value
        var evt = new List<byte>();
        WallTime(evt);
        evt.Add(Tag(2, 0));                                     // Event.step
        Varint(evt, (ulong)step);
        Bytes(evt, 5, summary);                                 // Event.summary
        WriteRecord(evt.ToArray());
    }

    /// <summary>Pushes buffered records to the file.</summary>
    public void Flush() => _stream.Flush();

    public void Dispose() => _stream.Dispose();

    private void WriteRecord(byte[] data)
    {
        Span<byte> length = stackalloc byte[8];
        BitConverter.TryWriteBytes(length, (ulong)data.Length);
        Span<byte> crc = stackalloc byte[4];
        _stream.Write(length);
        BitConverter.TryWriteBytes(crc, MaskedCrc(length));
        _stream.Write(crc);
        _stream.Write(data);
        BitConverter.TryWriteBytes(crc, MaskedCrc(data));
        _stream.Write(crc);
    }

    /// <summary>CRC-32C masked as TFRecord specifies.</summary>
    internal static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        crc ^= 0xFFFFFFFF;
        return ((crc >> 15) | (crc << 17)) + 0xA282EAD8;
    }

    private static void WallTime(List<byte> message)
    {
        message.Add(Tag(1, 1));                                 // Event.wall_time (double)
        message.AddRange(BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0));
    }

    private static byte Tag(int field, int wireType) => (byte)((field << 3) | wireType);

    private static void Text(List<byte> message, int field, string value) => Bytes(message, field, Encoding.UTF8.GetBytes(value));

    private static void Bytes(List<byte> message, int field, IReadOnlyCollection<byte> payload)
    {
        message.Add(Tag(field, 2));
        Varint(message, (ulong)payload.Count);
        message.AddRange(payload);
    }

    private static void Varint(List<byte> message, ulong value)
    {
        while (value >= 0x80)
        {
            message.Add((byte)(value | 0x80));
            value >>= 7;
        }
        message.Add((byte)value);
    }
}
