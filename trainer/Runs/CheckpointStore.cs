// Checkpoints: one file per checkpoint, written atomically, with a magic header, the config hash and a CRC-32 of
// the payload, so that a truncated or corrupted file is recognised and reported by name instead of loaded.
using System.IO.Hashing;
using System.Text;

namespace DrlRobot.Trainer.Runs;

/// <summary>Writes, lists and reads checkpoints of one run.</summary>
public sealed class CheckpointStore(string directory, int kept)
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DRLCKPT1");

    /// <summary>Writes the checkpoint for <paramref name="step"/> and prunes old ones.</summary>
    public string Save(long step, string configHash, Action<BinaryWriter> writePayload)
    {
        ArgumentNullException.ThrowIfNull(writePayload);
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writePayload(writer);
        }
        byte[] body = payload.ToArray();
        string path = Path.Combine(directory, $"step-{step:D10}.ckpt");
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(step);
            writer.Write(configHash);
            writer.Write(body.Length);
            writer.Write(body);
            writer.Write(Crc32.HashToUInt32(body));
        });
        foreach (string old in List().SkipLast(kept))
        {
            File.Delete(old);
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
    /// truncated, corrupt, or from another configuration.
    /// </summary>
    public static (long Step, byte[] Payload) Read(string path, string configHash)
    {
        string name = Path.GetFileName(path);
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"checkpoint {name} is not a DrlRobot checkpoint");
            }
            long step = reader.ReadInt64();
            string hash = reader.ReadString();
            if (hash != configHash)
            {
                throw new InvalidDataException($"checkpoint {name} was written with another configuration (hash {hash}, this run {configHash})");
            }
            int length = reader.ReadInt32();
            byte[] body = reader.ReadBytes(length);
            if (body.Length != length || reader.BaseStream.Length - reader.BaseStream.Position < 4)
            {
                throw new InvalidDataException($"checkpoint {name} is truncated");
            }
            if (reader.ReadUInt32() != Crc32.HashToUInt32(body))
            {
                throw new InvalidDataException($"checkpoint {name} is corrupt (checksum mismatch)");
            }
            return (step, body);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"checkpoint {name} is truncated", e);
        }
    }
}
