// Settings of the serial transport: which port, how fast, and how it retries when the port goes away.
namespace DrlRobot.Hardware.Link;

/// <summary>Configuration of <see cref="SerialLink"/>.</summary>
public sealed record SerialLinkConfig
{
    /// <summary>The serial device, for example /dev/ttyACM0 or better a stable /dev/serial/by-id/… link.</summary>
    public string PortName { get; init; } = "";

    /// <summary>Bits per second (8N1, no flow control); the firmware's BOARD_BAUD must match.</summary>
    public int BaudRate { get; init; } = 115_200;

    /// <summary>How long the reader thread waits in one read before it checks the port is still there.</summary>
    public int ReadTimeoutMilliseconds { get; init; } = 50;

    /// <summary>How long a write may block before the frame is given up (the control loop must not stall).</summary>
    public int WriteTimeoutMilliseconds { get; init; } = 50;

    /// <summary>First wait before reopening a lost port; doubles after every failed try.</summary>
    public int ReconnectInitialMilliseconds { get; init; } = 50;

    /// <summary>Longest wait between two reopening tries.</summary>
    public int ReconnectMaxMilliseconds { get; init; } = 1000;

    /// <summary>Bytes received but not yet read that the link keeps; more are dropped (and counted).</summary>
    public int ReceiveBufferBytes { get; init; } = 65_536;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(PortName))
        {
            throw new ArgumentException("a serial link needs a port name", nameof(PortName));
        }
        if (BaudRate is < 300 or > 4_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(BaudRate), BaudRate, "must be 300..4000000");
        }
        if (ReadTimeoutMilliseconds is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadTimeoutMilliseconds), ReadTimeoutMilliseconds, "must be 1..1000");
        }
        if (WriteTimeoutMilliseconds is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(WriteTimeoutMilliseconds), WriteTimeoutMilliseconds, "must be 1..1000");
        }
        if (ReconnectInitialMilliseconds < 1 || ReconnectMaxMilliseconds < ReconnectInitialMilliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectMaxMilliseconds), ReconnectMaxMilliseconds,
                "need 1 <= reconnect_initial_ms <= reconnect_max_ms");
        }
        if (ReceiveBufferBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferBytes), ReceiveBufferBytes, "must be at least 1024");
        }
    }
}
