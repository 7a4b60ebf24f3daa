// A byte pipe to the other end of the link: a serial port on the robot, a pseudo-terminal or memory in tests.
namespace DrlRobot.Hardware.Link;

/// <summary>
/// Moves bytes; frames are the caller's business. Nothing here throws once the transport is open: failures show in
/// <see cref="Status"/> and false or zero returns, and the transport recovers by itself where it can.
/// </summary>
public interface ILinkTransport : IDisposable
{
    /// <summary>What the transport is connected to, for messages ("/dev/ttyACM0").</summary>
    string PortName { get; }

    /// <summary>Ok while connected; Failed while it is down (and reconnecting, where it can).</summary>
    DeviceStatus Status { get; }

    /// <summary>Counts successful opens; a change tells a reader to drop any partial frame.</summary>
    int ConnectionCount { get; }

    /// <summary>Copies received bytes into <paramref name="buffer"/> without blocking; 0 when none are waiting.</summary>
    int Read(Span<byte> buffer);

    /// <summary>Blocks until bytes are waiting or <paramref name="timeoutMilliseconds"/> pass; true when bytes wait.</summary>
    bool WaitForData(int timeoutMilliseconds);

    /// <summary>Sends <paramref name="data"/>; false when the transport is down and nothing was sent.</summary>
    bool Write(ReadOnlySpan<byte> data);
}
