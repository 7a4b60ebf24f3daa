// The layout of a run directory (see ARCHITECTURE.md): config.json, progress.csv, TensorBoard events,
// checkpoints/, policy.onnx, card.json, curve.png, episode.png.
namespace DrlRobot.Trainer.Runs;

/// <summary>Paths of one run's artefacts.</summary>
public sealed class RunDirectory
{
    /// <summary>Uses <paramref name="path"/>; <see cref="EnsureWritable"/> creates it.</summary>
    public RunDirectory(string path)
    {
        Root = Path.GetFullPath(path);
    }

    /// <summary>The run's folder.</summary>
    public string Root { get; }

    /// <summary>The resolved configuration.</summary>
    public string ConfigPath => Path.Combine(Root, "config.json");

    /// <summary>One row per iteration, deterministic for a seed (no wall-clock columns).</summary>
    public string ProgressPath => Path.Combine(Root, "progress.csv");

    /// <summary>Checkpoints, newest kept.</summary>
    public string CheckpointsDir => Path.Combine(Root, "checkpoints");

    /// <summary>The exported policy.</summary>
    public string PolicyPath => Path.Combine(Root, "policy.onnx");

    /// <summary>The run's summary card.</summary>
    public string CardPath => Path.Combine(Root, "card.json");

    /// <summary>Learning curve.</summary>
    public string CurvePath => Path.Combine(Root, "curve.png");

    /// <summary>Drawing of one evaluation episode.</summary>
    public string EpisodePath => Path.Combine(Root, "episode.png");

    /// <summary>Cumulative training wall seconds at each kept checkpoint, over all sessions.</summary>
    public string WallTimePath => Path.Combine(Root, "wall.json");

    /// <summary>The lock a training run holds while it writes the folder.</summary>
    public string LockPath => Path.Combine(Root, ".lock");

    /// <summary>
    /// Takes the folder's lock for as long as the returned stream stays open (an exclusive lock on <see cref="LockPath"/>:
    /// flock on Linux and macOS, a share lock on Windows; released by the OS if the process dies), or throws an
    /// <see cref="ArgumentException"/> saying another run holds it.
    /// </summary>
    public FileStream Lock()
    {
        try
        {
            return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new ArgumentException($"{Root} is in use by another training run (it holds {LockPath}); wait for it to end or choose another --out", e);
        }
    }

    /// <summary>Creates the folders and proves they can be written, or throws one clear IOException.</summary>
    public void EnsureWritable()
    {
        try
        {
            Directory.CreateDirectory(CheckpointsDir);
            string probe = Path.Combine(Root, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write the run directory {Root}: {e.Message}", e);
        }
    }
}
