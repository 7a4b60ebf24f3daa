// A null-modem cable made of two pseudo-terminals: whatever is written to one slave path comes out of the other.
// This is how two processes (`drl-run hw` and `drl-run emulate`) can both open a serial port path and talk.
namespace DrlRobot.Hardware.Tests.Fakes;

internal sealed class PtyCable : IDisposable
{
    private readonly PseudoTerminal _a;
    private readonly PseudoTerminal _b;
    private readonly Thread _pump;
    private volatile bool _stop;

    public PtyCable()
    {
        _a = PseudoTerminal.Open();
        _b = PseudoTerminal.Open();
        _pump = new Thread(Pump) { IsBackground = true, Name = "pty-cable" };
        _pump.Start();
    }

    /// <summary>One end, for the host.</summary>
    public string PathA => _a.SlavePath;

    /// <summary>The other end, for the device or emulator.</summary>
    public string PathB => _b.SlavePath;

    /// <summary>Once both ends are opened by their users, let go of this process's slave fds.</summary>
    public void ReleaseSlaves()
    {
        _a.ReleaseSlave();
        _b.ReleaseSlave();
    }

    public void Dispose()
    {
        _stop = true;
        _pump.Join();
        _a.Dispose();
        _b.Dispose();
    }

    private void Pump()
    {
        var buffer = new byte[4096];
        while (!_stop)
        {
            int fromA = _a.Read(buffer, 1);
            if (fromA > 0)
            {
                _b.Write(buffer.AsSpan(0, fromA));
            }
            int fromB = _b.Read(buffer, 1);
            if (fromB > 0)
            {
                _a.Write(buffer.AsSpan(0, fromB));
            }
        }
    }
}
