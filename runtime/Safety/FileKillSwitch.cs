// A kill switch that trips while a file exists (`touch /run/drl-run/stop`): works over ssh, from cron or from another
// program, with no wiring. A background thread polls the file so the control tick only reads a volatile flag.
namespace DrlRobot.Runtime.Safety;

/// <summary>Trips while <see cref="Path"/> exists (a file or a folder). Checked at construction and then every poll interval.</summary>
public sealed class FileKillSwitch : IKillSwitch
{
    private readonly Thread _poller;
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _stop = new(false);
    private volatile bool _tripped;

    /// <param name="path">The file whose existence means stop.</param>
    /// <param name="pollInterval">How often the file is checked; default 20 ms.</param>
    public FileKillSwitch(string path, TimeSpan? pollInterval = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _interval = pollInterval ?? TimeSpan.FromMilliseconds(20);
        if (_interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(pollInterval), pollInterval, "the poll interval must be positive");
        }
        Path = System.IO.Path.GetFullPath(path);
        _tripped = Exists(Path);
        _poller = new Thread(Poll) { IsBackground = true, Name = "drl-run kill-switch file", Priority = ThreadPriority.AboveNormal };
        _poller.Start();
    }

    /// <summary>The watched file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Description => $"file {Path}";

    /// <inheritdoc />
    public StopReason Reason => StopReason.KillSwitch;

    /// <inheritdoc />
    public bool IsTripped => _tripped;

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Set();
        _poller.Join();
        _stop.Dispose();
    }

    // A folder at the path trips too: `mkdir` instead of `touch` must not leave the robot running.
    private static bool Exists(string path) => System.IO.Path.Exists(path);

    private void Poll()
    {
        while (!_stop.Wait(_interval))
        {
            _tripped = Exists(Path);
        }
    }
}
