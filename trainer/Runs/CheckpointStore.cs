// Checkpoints: one file per checkpoint, written atomically, with a magic header, the step, the config hash and a
// CRC-32 over header and payload together, so that a truncated or corrupted file — a flipped step byte as much as a
// flipped weight — is recognised and reported by name instead of loaded.
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace DrlRobot.Trainer.Runs;

/// <summary>Writes, lists and reads checkpoints of one run.</summary>
public sealed class CheckpointStore(string directory, int kept)
{
    // Version 2 checks the header too; version 1 (payload-only CRC) is still read, with its header bounds-checked.
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DRLCKPT2");
    private static readonly byte[] MagicV1 = Encoding.ASCII.GetBytes("DRLCKPT1");

    /// <summary>Writes the checkpoint for <paramref name="step"/>, prunes old ones and temporaries a kill left behind.</summary>
    public string Save(long step, string configHash, Action<BinaryWriter> writePayload)
    {
        ArgumentNullException.ThrowIfNull(writePayload);
        using var content = new MemoryStream();
        using (var writer = new BinaryWriter(content, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(step);
            writer.Write(configHash);
            writer.Write(0); // the payload's length, filled in below
            long start = content.Position;
            writePayload(writer);
            writer.Flush();
            long length = content.Position - start;
            if (length > int.MaxValue - 64)
            {
                throw new InvalidOperationException($"a checkpoint payload of {length} bytes is over the 2 GB a checkpoint can hold");
            }
            content.Position = start - sizeof(int);
            writer.Write((int)length);
            writer.Flush();
        }
        ReadOnlyMemory<byte> body = content.GetBuffer().AsMemory(0, (int)content.Length);
        string path = Path.Combine(directory, $"step-{step:D10}.ckpt");
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Magic);
            stream.Write(body.Span);
            Span<byte> crc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(body.Span));
            stream.Write(crc);
        });
        foreach (string old in List().SkipLast(kept))
        {
            File.Delete(old);
        }
        // Only the run that holds the folder's lock saves, so every temporary here is a kill's leftover.
        foreach (string leftover in Directory.GetFiles(directory, "step-*.ckpt.tmp-*"))
        {
            File.Delete(leftover);
        }
        return path;
    }

    /// <summary>Checkpoint files, oldest first.</summary>
    public IReadOnlyList<string> List() =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "step-*.ckpt").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// Reads a checkpoint's step and payload; throws <see cref="InvalidDataException"/> naming the file when it is
    /// unreadable, truncated, corrupt, or from another configuration.
    /// </summary>
    public static (long Step, byte[] Payload) Read(string path, string configHash) => Read(path, [configHash]);

    /// <summary>As <see cref="Read(string, string)"/>, accepting any of <paramref name="configHashes"/> (the first is this run's).</summary>
    public static (long Step, byte[] Payload) Read(string path, IReadOnlyList<string> configHashes)
    {
        ArgumentNullException.ThrowIfNull(configHashes);
        string configHash = configHashes[0];
        string name = Path.GetFileName(path);
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"checkpoint {name} cannot be read: {e.Message}", e);
        }
        bool v2 = file.AsSpan().StartsWith(Magic);
        if (!v2 && !file.AsSpan().StartsWith(MagicV1))
        {
            throw new InvalidDataException(file.Length < Magic.Length ? $"checkpoint {name} is truncated" : $"checkpoint {name} is not a DrlRobot checkpoint");
        }
        long step;
        string hash;
        int payloadStart, length;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(file, Magic.Length, file.Length - Magic.Length), Encoding.UTF8);
            step = reader.ReadInt64();
            hash = reader.ReadString();
            length = reader.ReadInt32();
            payloadStart = Magic.Length + (int)reader.BaseStream.Position;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"checkpoint {name} is truncated or corrupt (unreadable header)", e);
        }
        if (length < 0)
        {
            throw new InvalidDataException($"checkpoint {name} is corrupt (payload length {length})");
        }
        if ((long)payloadStart + length + 4 > file.Length)
        {
            throw new InvalidDataException($"checkpoint {name} is truncated");
        }
        ReadOnlySpan<byte> payload = file.AsSpan(payloadStart, length);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(payloadStart + length, 4));
        uint actual = v2 ? Crc32.HashToUInt32(file.AsSpan(Magic.Length, payloadStart + length - Magic.Length)) : Crc32.HashToUInt32(payload);
        if (stored != actual)
        {
            throw new InvalidDataException($"checkpoint {name} is corrupt (checksum mismatch)");
        }
        if (!configHashes.Contains(hash))
        {
            throw new InvalidDataException($"checkpoint {name} was written with another configuration (hash {hash}, this run {configHash})");
        }
        if (step < 0 || StepInName(name) is long named && named != step)
        {
            throw new InvalidDataException($"checkpoint {name} is corrupt (it holds step {step})");
        }
        return (step, payload.ToArray());
    }

    private static long? StepInName(string name) =>
        name.StartsWith("step-", StringComparison.Ordinal) && name.EndsWith(".ckpt", StringComparison.Ordinal)
        && long.TryParse(name.AsSpan(5, name.Length - 10), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long step)
            ? step
            : null;
}
