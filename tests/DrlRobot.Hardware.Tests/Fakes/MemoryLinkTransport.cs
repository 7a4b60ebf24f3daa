// Two ends of an in-memory cable, for link tests that need no port: what one end writes, the other reads.
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Fakes;

internal sealed class MemoryLinkTransport : ILinkTransport
{
    private readonly Queue<byte> _incoming = new();
    private readonly Lock _gate = new();
    private MemoryLinkTransport _peer = null!;

    private MemoryLinkTransport(string name) => PortName = name;

    public static (MemoryLinkTransport Host, MemoryLinkTransport Device) CreatePair()
    {
        var host = new MemoryLinkTransport("memory-host");
        var device = new MemoryLinkTransport("memory-device");
        host._peer = device;
        device._peer = host;
        return (host, device);
    }

    public string PortName { get; }

    public DeviceStatus Status => Connected ? DeviceStatus.Ok : DeviceStatus.Failed;

    /// <summary>False simulates a pulled cable: writes fail and are lost.</summary>
    public bool Connected { get; set; } = true;

    public int ConnectionCount { get; set; } = 1;

    public long BytesWritten { get; private set; }

    public int Read(Span<byte> buffer)
    {
        lock (_gate)
        {
            int n = 0;
            while (n < buffer.Length && _incoming.TryDequeue(out byte b))
            {
                buffer[n++] = b;
            }
            return n;
        }
    }

    public bool WaitForData(int timeoutMilliseconds)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMilliseconds);
        do
        {
            lock (_gate)
            {
                if (_incoming.Count > 0)
                {
                    return true;
                }
            }
            Thread.Sleep(1);
        }
        while (DateTime.UtcNow < deadline);
        return false;
    }

    public bool Write(ReadOnlySpan<byte> data)
    {
        if (!Connected || !_peer.Connected)
        {
            return false;
        }
        lock (_peer._gate)
        {
            foreach (byte b in data)
            {
                _peer._incoming.Enqueue(b);
            }
        }
        BytesWritten += data.Length;
        return true;
    }

    public void Dispose() => Connected = false;
}
