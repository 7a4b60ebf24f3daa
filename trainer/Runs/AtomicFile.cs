// Every artefact of a run is written whole or not at all: a temporary file beside the target, flushed to disk,
// then renamed over it. A kill or a full disk leaves the previous version, never half a file.
namespace DrlRobot.Trainer.Runs;

/// <summary>Atomic file replacement.</summary>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/> into a temporary file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteThrough(path, "", temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>
    /// Lets <paramref name="writeFile"/> write a temporary file (whose name ends in <paramref name="extension"/>, for
    /// writers that choose the format by it), then renames it to <paramref name="path"/>; errors name the target.
    /// </summary>
    public static void WriteThrough(string path, string extension, Action<string> writeFile)
    {
        ArgumentNullException.ThrowIfNull(writeFile);
        string full = Path.GetFullPath(path);
        string temporary = $"{full}.tmp-{Guid.NewGuid():N}{extension}";
        try
        {
            writeFile(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            // Named as the user asked for it: the temporary beside it is ours, not theirs.
            throw new IOException($"cannot write {full}: {e.Message.Replace(temporary, full, StringComparison.Ordinal)}", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> atomically as UTF-8.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
