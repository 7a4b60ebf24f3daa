// Per-tick telemetry without touching the control loop's timing: the loop encodes each record into the next slot of
// a preallocated ring (a copy of a few hundred bytes, no allocation, no lock, no system call) and a background thread
// drains the ring to the file. The ring is bounded: when the writer falls behind, new records are dropped and counted
// rather than ever making the loop wait.
using System.Diagnostics;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Telemetry;

/// <summary>A single-producer, single-consumer ring of telemetry records and the thread that writes them to a file.</summary>
public sealed class TelemetryRecorder : IDisposable
{
    private readonly byte[] _ring;
    private readonly int _capacity;
    private readonly FileStream _file;
    private readonly bool _csv;
    private readonly Thread _writer;
    private readonly TimeSpan _flushEvery = TimeSpan.FromMilliseconds(500);
    private long _head; // next record the loop writes; written only by the loop thread
    private long _tail; // next record the writer reads; written only by the writer thread
    private long _dropped;
    private volatile bool _stopping;
    private Exception? _writeError;
    private bool _disposed;

    /// <param name="path">Output file; ".csv" selects CSV, anything else the binary format (see <see cref="TelemetryLayout"/>).</param>
    /// <param name="layout">Record layout.</param>
    /// <param name="capacity">Records the ring holds (default 8192: 40 s at 200 Hz of writer stall).</param>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public TelemetryRecorder(string path, TelemetryLayout layout, int capacity = 8192)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Layout = layout;
        Path = path;
        _capacity = capacity;
        _ring = new byte[capacity * layout.RecordBytes];
        _csv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        try
        {
            _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Every path that cannot be created is the same failure to the user (exit 3), whatever errno said.
            throw new IOException($"telemetry: cannot create {path}: {e.Message}", e);
        }
        byte[] header = _csv ? System.Text.Encoding.UTF8.GetBytes(layout.CsvHeader()) : layout.BinaryHeader();
        _file.Write(header);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "drl-run telemetry writer", Priority = ThreadPriority.BelowNormal };
        _writer.Start();
    }

    /// <summary>Creates a recorder for <paramref name="contract"/>'s layout.</summary>
    public static TelemetryRecorder Create(string path, RobotContract contract, double rateHz, bool realtime, int capacity = 8192) =>
        new(path, new TelemetryLayout(contract, rateHz, realtime), capacity);

    /// <summary>Record layout.</summary>
    public TelemetryLayout Layout { get; }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>Records accepted into the ring.</summary>
    public long Recorded => Volatile.Read(ref _head);

    /// <summary>Records written to the file so far.</summary>
    public long Written => Volatile.Read(ref _tail);

    /// <summary>Records dropped because the ring was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Queues one record; never blocks or allocates. Returns false (and counts a drop) when the ring is full.</summary>
    public bool TryRecord(in TelemetryTick tick, ReadOnlySpan<float> observation, ReadOnlySpan<float> action, ReadOnlySpan<float> command)
    {
        long head = _head;
        if (head - Volatile.Read(ref _tail) >= _capacity)
        {
            Volatile.Write(ref _dropped, _dropped + 1);
            return false;
        }
        int slot = (int)(head % _capacity);
        Layout.Encode(_ring.AsSpan(slot * Layout.RecordBytes, Layout.RecordBytes), tick, observation, action, command);
        Volatile.Write(ref _head, head + 1);
        return true;
    }

    /// <summary>
    /// After <see cref="Dispose"/>: why the file is incomplete (a full disk, a removed drive), with how many records it
    /// holds; null when every record was written.
    /// </summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// Writes every queued record and closes the file. Never throws: a run's result matters more than its log, so a
    /// write failure is reported in <see cref="Failure"/> for the command to print after the result.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stopping = true;
        _writer.Join();
        try
        {
            _file.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _writeError ??= e;
        }
        if (_writeError is not null)
        {
            string reason = _writeError.Message.Replace($" : '{Path}'", "", StringComparison.Ordinal).TrimEnd('.');
            Failure = $"telemetry {Path} is incomplete: writing failed ({reason}); it holds at most {Written} of {Recorded} records";
        }
    }

    private void WriteLoop()
    {
        byte[] line = new byte[Layout.MaxCsvLineBytes];
        long lastFlush = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                bool stopping = _stopping; // read before the head, so nothing queued before Dispose is missed
                long head = Volatile.Read(ref _head), tail = _tail;
                if (tail == head)
                {
                    if (stopping)
                    {
                        break;
                    }
                    if (Stopwatch.GetElapsedTime(lastFlush) > _flushEvery)
                    {
                        _file.Flush();
                        lastFlush = Stopwatch.GetTimestamp();
                    }
                    Thread.Sleep(5);
                    continue;
                }
                for (; tail < head; tail++)
                {
                    ReadOnlySpan<byte> record = _ring.AsSpan((int)(tail % _capacity) * Layout.RecordBytes, Layout.RecordBytes);
                    if (_csv)
                    {
                        _file.Write(line, 0, Layout.FormatCsv(record, line));
                    }
                    else
                    {
                        _file.Write(record);
                    }
                    Volatile.Write(ref _tail, tail + 1);
                }
            }
            _file.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keep the loop running; the failure is reported when the recorder is disposed.
            _writeError = e;
        }
    }
}
