// A pseudo-terminal pair from libc openpty: the slave path (/dev/pts/N) is what SerialPort opens, the master fd is
// the far end of the cable. Closing the master is an unplugged USB adapter; a new pair behind the same symlink is
// the adapter plugged back in (as /dev/serial/by-id links do).
using System.Runtime.InteropServices;

namespace DrlRobot.Hardware.Tests.Fakes;

internal sealed partial class PseudoTerminal : IDisposable
{
    private const int TcsaNow = 0;
    private const short PollIn = 0x001;
    private const int TermiosBytes = 256; // larger than struct termios on every Linux ABI

    private int _master;
    private int _slave;

    private PseudoTerminal(int master, int slave, string slavePath)
    {
        _master = master;
        _slave = slave;
        SlavePath = slavePath;
    }

    public string SlavePath { get; }

    public bool IsOpen => _master >= 0;

    /// <summary>Opens a pair with both ends in raw mode (no echo, no line discipline, 8-bit clean).</summary>
    public static PseudoTerminal Open()
    {
        if (NativeMethods.openpty(out int master, out int slave, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
        {
            throw new IOException($"openpty failed: errno {Marshal.GetLastPInvokeError()}");
        }
        var termios = new byte[TermiosBytes];
        foreach (int fd in new[] { master, slave })
        {
            if (NativeMethods.tcgetattr(fd, termios) != 0)
            {
                throw new IOException($"tcgetattr failed: errno {Marshal.GetLastPInvokeError()}");
            }
            NativeMethods.cfmakeraw(termios);
            if (NativeMethods.tcsetattr(fd, TcsaNow, termios) != 0)
            {
                throw new IOException($"tcsetattr failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        string path = Marshal.PtrToStringAnsi(NativeMethods.ptsname(master)) ?? throw new IOException("ptsname failed");
        return new PseudoTerminal(master, slave, path);
    }

    /// <summary>Lets go of the slave fd this process holds, so only the SerialPort keeps the slave open.</summary>
    public void ReleaseSlave()
    {
        if (_slave >= 0)
        {
            _ = NativeMethods.close(_slave);
            _slave = -1;
        }
    }

    /// <summary>Writes all of <paramref name="data"/> to the master (what the SerialPort will read).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_master < 0)
        {
            throw new IOException("pty master is closed");
        }
        while (!data.IsEmpty)
        {
            nint n = NativeMethods.write(_master, ref MemoryMarshal.GetReference(data), data.Length);
            if (n < 0)
            {
                throw new IOException($"write to pty master failed: errno {Marshal.GetLastPInvokeError()}");
            }
            data = data[(int)n..];
        }
    }

    /// <summary>Reads what the SerialPort wrote, waiting up to <paramref name="timeoutMilliseconds"/>; 0 on timeout.</summary>
    public int Read(Span<byte> buffer, int timeoutMilliseconds)
    {
        if (_master < 0)
        {
            return 0;
        }
        var fds = new PollFd { Fd = _master, Events = PollIn };
        int ready = NativeMethods.poll(ref fds, 1, timeoutMilliseconds);
        if (ready <= 0 || (fds.Revents & PollIn) == 0)
        {
            return 0;
        }
        nint n = NativeMethods.read(_master, ref MemoryMarshal.GetReference(buffer), buffer.Length);
        return n < 0 ? 0 : (int)n;
    }

    /// <summary>Whether the master has bytes to read within <paramref name="timeoutMilliseconds"/>.</summary>
    public bool WaitReadable(int timeoutMilliseconds)
    {
        if (_master < 0)
        {
            Thread.Sleep(Math.Max(0, timeoutMilliseconds));
            return false;
        }
        var fds = new PollFd { Fd = _master, Events = PollIn };
        return NativeMethods.poll(ref fds, 1, timeoutMilliseconds) > 0 && (fds.Revents & PollIn) != 0;
    }

    /// <summary>Closes the master: the slave side sees a hang-up, as when a USB adapter is pulled.</summary>
    public void CloseMaster()
    {
        if (_master >= 0)
        {
            _ = NativeMethods.close(_master);
            _master = -1;
        }
    }

    public void Dispose()
    {
        ReleaseSlave();
        CloseMaster();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", SetLastError = true)]
        public static partial int openpty(out int master, out int slave, IntPtr name, IntPtr termios, IntPtr winsize);

        [LibraryImport("libc", SetLastError = true)]
        public static partial int tcgetattr(int fd, [Out] byte[] termios);

        [LibraryImport("libc")]
        public static partial void cfmakeraw([In, Out] byte[] termios);

        [LibraryImport("libc", SetLastError = true)]
        public static partial int tcsetattr(int fd, int optionalActions, [In] byte[] termios);

        [LibraryImport("libc")]
        public static partial IntPtr ptsname(int fd);

        [LibraryImport("libc", SetLastError = true)]
        public static partial nint read(int fd, ref byte buffer, nint count);

        [LibraryImport("libc", SetLastError = true)]
        public static partial nint write(int fd, ref byte buffer, nint count);

        [LibraryImport("libc", SetLastError = true)]
        public static partial int poll(ref PollFd fds, nuint count, int timeout);

        [LibraryImport("libc")]
        public static partial int close(int fd);
    }
}
