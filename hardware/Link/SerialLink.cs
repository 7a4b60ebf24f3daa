// The link over a real serial port: a dedicated reader thread fills a buffer the control loop drains without
// blocking, writes go straight out, and a port that disappears is reopened with backoff when it comes back.
using System.Diagnostics;
using System.IO.Ports;

namespace DrlRobot.Hardware.Link;

/// <summary>
/// <see cref="ILinkTransport"/> over System.IO.Ports. <see cref="Open"/> fails with one clear
/// <see cref="IOException"/> line when the port is missing or cannot be opened; after that nothing throws: a lost
/// port shows as <see cref="DeviceStatus.Failed"/>, writes return false, and the reader thread reopens the same path
/// with exponential backoff. Reads by a dedicated thread (not the DataReceived event, whose thread-pool latency is
/// unbounded). Use a stable path (/dev/serial/by-id/…): a replugged adapter may otherwise get another name.
/// </summary>
public sealed class SerialLink : ILinkTransport
{
    private readonly SerialLinkConfig _config;
    private readonly Lock _writeGate = new();
    private readonly object _receiveGate = new();
    private readonly byte[] _ring;
    private readonly byte[] _readBuffer = new byte[4096];
    private readonly Thread _reader;
    private int _ringStart;
    private int _ringCount;
    private volatile SerialPort? _port;
    private volatile bool _disposed;
    private volatile string? _lastError;
    private int _connectionCount;
    private long _bytesReceived;
    private long _bytesSent;
    private long _bytesDropped;
    private long _writeTimeouts;
    private long _disconnects;

    private SerialLink(SerialLinkConfig config, SerialPort port)
    {
        _config = config;
        _ring = new byte[config.ReceiveBufferBytes];
        _port = port;
        _connectionCount = 1;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"serial-link {config.PortName}", Priority = ThreadPriority.AboveNormal };
        _reader.Start();
    }

    /// <summary>
    /// Opens the port and starts the reader thread. Throws <see cref="IOException"/> with one line when the port does
    /// not exist or cannot be opened, and <see cref="ArgumentException"/> for a bad configuration.
    /// </summary>
    public static SerialLink Open(SerialLinkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (Directory.Exists(config.PortName))
        {
            throw new IOException($"serial port {config.PortName} is a folder, not a serial device (`drl-run doctor` lists ports)");
        }
        if (!File.Exists(config.PortName))
        {
            throw new IOException($"serial port {config.PortName} does not exist (is the board plugged in? `drl-run doctor` lists ports)");
        }
        try
        {
            return new SerialLink(config, OpenPort(config));
        }
        catch (UnauthorizedAccessException e)
        {
            // System.IO.Ports reports every open failure on Unix (busy, no permission, not a tty) as "access denied".
            throw new IOException($"cannot open serial port {config.PortName}: permission denied, busy, or not a serial device " +
                                  "(is the user in the dialout group?)", e);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            throw new IOException($"cannot open serial port {config.PortName}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public string PortName => _config.PortName;

    /// <inheritdoc />
    public DeviceStatus Status => _port is null ? DeviceStatus.Failed : DeviceStatus.Ok;

    /// <inheritdoc />
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Why the port was last lost or could not be reopened (null while it never failed).</summary>
    public string? LastError => _lastError;

    /// <summary>Times the port was lost.</summary>
    public long Disconnects => Interlocked.Read(ref _disconnects);

    /// <summary>Bytes the reader thread received.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Bytes written.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes received while the buffer was full (nobody read them in time).</summary>
    public long BytesDropped => Interlocked.Read(ref _bytesDropped);

    /// <summary>Writes given up after the write timeout.</summary>
    public long WriteTimeouts => Interlocked.Read(ref _writeTimeouts);

    /// <inheritdoc />
    public int Read(Span<byte> buffer)
    {
        lock (_receiveGate)
        {
            int n = Math.Min(buffer.Length, _ringCount);
            int first = Math.Min(n, _ring.Length - _ringStart);
            _ring.AsSpan(_ringStart, first).CopyTo(buffer);
            _ring.AsSpan(0, n - first).CopyTo(buffer[first..]);
            _ringStart = (_ringStart + n) % _ring.Length;
            _ringCount -= n;
            return n;
        }
    }

    /// <inheritdoc />
    public bool WaitForData(int timeoutMilliseconds)
    {
        lock (_receiveGate)
        {
            if (_ringCount == 0 && timeoutMilliseconds > 0)
            {
                Monitor.Wait(_receiveGate, timeoutMilliseconds);
            }
            return _ringCount > 0;
        }
    }

    /// <inheritdoc />
    public bool Write(ReadOnlySpan<byte> data)
    {
        lock (_writeGate)
        {
            SerialPort? port = _port;
            if (port is null || _disposed)
            {
                return false;
            }
            try
            {
                port.BaseStream.Write(data);
                Interlocked.Add(ref _bytesSent, data.Length);
                return true;
            }
            catch (TimeoutException)
            {
                // The far end is not draining: lose this frame, keep the port (the reader decides whether it is gone).
                Interlocked.Increment(ref _writeTimeouts);
                return false;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or UnauthorizedAccessException)
            {
                Lose(port, $"write failed: {e.Message}");
                return false;
            }
        }
    }

    /// <summary>Stops the reader thread and closes the port.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _reader.Join();
        SerialPort? port = _port;
        _port = null;
        if (port is not null)
        {
            Close(port).Wait(1000);
        }
    }

    private static SerialPort OpenPort(SerialLinkConfig config)
    {
        var port = new SerialPort(config.PortName, config.BaudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = config.ReadTimeoutMilliseconds,
            WriteTimeout = config.WriteTimeoutMilliseconds,
            ReadBufferSize = 4096,
            WriteBufferSize = 4096,
        };
        try
        {
            port.Open();
            port.DiscardInBuffer();
            return port;
        }
        catch
        {
            port.Dispose();
            throw;
        }
    }

    private void ReadLoop()
    {
        int backoff = _config.ReconnectInitialMilliseconds;
        long lastPresenceCheck = Stopwatch.GetTimestamp();
        while (!_disposed)
        {
            SerialPort? port = _port;
            if (port is null)
            {
                if (TryReopen())
                {
                    backoff = _config.ReconnectInitialMilliseconds;
                }
                else
                {
                    Thread.Sleep(backoff);
                    backoff = Math.Min(backoff * 2, _config.ReconnectMaxMilliseconds);
                }
                continue;
            }
            try
            {
                int n = port.BaseStream.Read(_readBuffer, 0, _readBuffer.Length);
                if (n > 0)
                {
                    Push(_readBuffer.AsSpan(0, n));
                }
            }
            catch (TimeoutException)
            {
                // Idle. A vanished device can leave reads timing out forever, so look for the path now and then.
                if (Stopwatch.GetElapsedTime(lastPresenceCheck).TotalMilliseconds >= 200)
                {
                    lastPresenceCheck = Stopwatch.GetTimestamp();
                    if (!File.Exists(_config.PortName))
                    {
                        Lose(port, "port disappeared");
                    }
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or UnauthorizedAccessException)
            {
                if (!_disposed)
                {
                    Lose(port, $"read failed: {e.Message}");
                }
            }
        }
    }

    private bool TryReopen()
    {
        if (!File.Exists(_config.PortName))
        {
            return false;
        }
        try
        {
            SerialPort port = OpenPort(_config);
            lock (_receiveGate)
            {
                // Bytes from before the loss are half frames at best.
                _ringStart = 0;
                _ringCount = 0;
            }
            lock (_writeGate)
            {
                _port = port;
                Interlocked.Increment(ref _connectionCount);
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            _lastError = $"reopening failed: {e.Message}";
            return false;
        }
    }

    private void Lose(SerialPort port, string reason)
    {
        lock (_writeGate)
        {
            if (!ReferenceEquals(_port, port))
            {
                return;
            }
            _port = null;
        }
        _lastError = reason;
        Interlocked.Increment(ref _disconnects);
        _ = Close(port);
    }

    private static Task Close(SerialPort port)
    {
        // Close can block for ever on Linux when a write was pending at the hang-up (System.IO.Ports waits for it):
        // close on the thread pool so neither the control loop nor the reader thread ever waits for it.
        return Task.Run(() =>
        {
            try
            {
                port.Dispose();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or UnauthorizedAccessException)
            {
                // It is gone either way.
            }
        });
    }

    private void Push(ReadOnlySpan<byte> data)
    {
        Interlocked.Add(ref _bytesReceived, data.Length);
        lock (_receiveGate)
        {
            int free = _ring.Length - _ringCount;
            if (data.Length > free)
            {
                Interlocked.Add(ref _bytesDropped, data.Length - free);
                data = data[..free];
            }
            int end = (_ringStart + _ringCount) % _ring.Length;
            int first = Math.Min(data.Length, _ring.Length - end);
            data[..first].CopyTo(_ring.AsSpan(end));
            data[first..].CopyTo(_ring);
            _ringCount += data.Length;
            Monitor.PulseAll(_receiveGate);
        }
    }
}
