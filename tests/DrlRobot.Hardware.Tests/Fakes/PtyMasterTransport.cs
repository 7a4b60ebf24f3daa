// The far end of a pseudo-terminal as an ILinkTransport, so the device endpoint can sit where the board would be.
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Fakes;

internal sealed class PtyMasterTransport(PseudoTerminal pty) : ILinkTransport
{
    public string PortName => "pty-master";

    public DeviceStatus Status => pty.IsOpen ? DeviceStatus.Ok : DeviceStatus.Failed;

    public int ConnectionCount => 1;

    public int Read(Span<byte> buffer) => pty.Read(buffer, 0);

    public bool WaitForData(int timeoutMilliseconds) => pty.WaitReadable(timeoutMilliseconds);

    public bool Write(ReadOnlySpan<byte> data)
    {
        if (!pty.IsOpen)
        {
            return false;
        }
        try
        {
            pty.Write(data);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => pty.Dispose();
}
