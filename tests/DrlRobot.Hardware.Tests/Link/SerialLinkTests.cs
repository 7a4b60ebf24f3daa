// SerialLink over real pseudo-terminals: bytes both ways, one-line errors at start, and recovery from an unplug.
using System.Diagnostics;
using DrlRobot.Hardware.Link;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Link;

[NonParallelizable]
public class SerialLinkTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("drl-serial-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>A stable name in front of a pty, like /dev/serial/by-id/… in front of /dev/ttyACM0.</summary>
    private string Plug(PseudoTerminal pty)
    {
        string path = Path.Combine(_dir, "ttyDRL");
        File.Delete(path);
        File.CreateSymbolicLink(path, pty.SlavePath);
        return path;
    }

    private static bool Eventually(Func<bool> condition, int milliseconds)
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < milliseconds)
        {
            if (condition())
            {
                return true;
            }
            Thread.Sleep(5);
        }
        return condition();
    }

    private static byte[] ReadExactly(PseudoTerminal pty, int count)
    {
        var received = new List<byte>();
        var buffer = new byte[256];
        var watch = Stopwatch.StartNew();
        while (received.Count < count && watch.ElapsedMilliseconds < 2000)
        {
            received.AddRange(buffer.AsSpan(0, pty.Read(buffer, 50)).ToArray());
        }
        return [.. received];
    }

    private static byte[] ReadExactly(ILinkTransport link, int count)
    {
        var received = new List<byte>();
        var buffer = new byte[256];
        var watch = Stopwatch.StartNew();
        while (received.Count < count && watch.ElapsedMilliseconds < 2000)
        {
            link.WaitForData(50);
            received.AddRange(buffer.AsSpan(0, link.Read(buffer)).ToArray());
        }
        return [.. received];
    }

    [Test]
    public void Open_MissingPort_ThrowsOneLineIOException()
    {
        string path = Path.Combine(_dir, "ttyNOPE");
        var e = Assert.Throws<IOException>(() => SerialLink.Open(new SerialLinkConfig { PortName = path }));
        Assert.That(e!.Message, Does.StartWith($"serial port {path} does not exist").And.Not.Contain("\n"));
    }

    [Test]
    public void Open_FileThatIsNoSerialDevice_ThrowsOneLineIOException()
    {
        string path = Path.Combine(_dir, "not-a-tty");
        File.WriteAllText(path, "hello");
        var e = Assert.Throws<IOException>(() => SerialLink.Open(new SerialLinkConfig { PortName = path }));
        Assert.That(e!.Message, Does.StartWith($"cannot open serial port {path}").And.Not.Contain("\n"));
    }

    [Test]
    public void Config_BadValues_AreRejectedNamingTheField()
    {
        Assert.Throws<ArgumentException>(() => SerialLink.Open(new SerialLinkConfig()));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SerialLinkConfig { PortName = "/dev/x", BaudRate = 0 }.Validate());
        Assert.That(e!.ParamName, Is.EqualTo(nameof(SerialLinkConfig.BaudRate)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SerialLinkConfig { PortName = "/dev/x", ReconnectMaxMilliseconds = 1 }.Validate());
    }

    [Test]
    public void SerialLink_MovesBytesBothWaysOverAPseudoTerminal()
    {
        using var pty = PseudoTerminal.Open();
        using var link = SerialLink.Open(new SerialLinkConfig { PortName = pty.SlavePath, BaudRate = 921_600 });
        pty.ReleaseSlave();
        Assert.That(link.Status, Is.EqualTo(DeviceStatus.Ok));

        byte[] outgoing = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];
        Assert.That(link.Write(outgoing), Is.True);
        Assert.That(ReadExactly(pty, outgoing.Length), Is.EqualTo(outgoing));

        byte[] incoming = [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7))];
        pty.Write(incoming);
        Assert.That(ReadExactly(link, incoming.Length), Is.EqualTo(incoming));
        Assert.That(link.BytesReceived, Is.EqualTo(incoming.Length));
        Assert.That(link.BytesSent, Is.EqualTo(outgoing.Length));
        Assert.That(link.Read(new byte[16]), Is.Zero, "Read never blocks");
    }

    [Test]
    public void SerialLink_Unplugged_ReportsFailedThenReopensWhenThePortComesBack()
    {
        var first = PseudoTerminal.Open();
        string path = Plug(first);
        using var link = SerialLink.Open(new SerialLinkConfig { PortName = path, ReconnectInitialMilliseconds = 20, ReconnectMaxMilliseconds = 200 });
        first.ReleaseSlave();
        Assert.That(link.Write([1, 2, 3]), Is.True);
        Assert.That(ReadExactly(first, 3), Is.EqualTo(new byte[] { 1, 2, 3 }));

        // Unplug: the adapter vanishes and its by-id link with it.
        first.Dispose();
        File.Delete(path);
        Assert.That(Eventually(() => link.Status == DeviceStatus.Failed, 2000), Is.True, "the loss is noticed");
        Assert.That(link.Write([4]), Is.False, "writes fail without throwing while the port is gone");
        Assert.That(link.Disconnects, Is.EqualTo(1));
        Assert.That(link.LastError, Is.Not.Null);
        Thread.Sleep(300);
        Assert.That(link.Status, Is.EqualTo(DeviceStatus.Failed), "nothing to reopen yet");

        // Plug back in: a new device behind the same stable name.
        using var second = PseudoTerminal.Open();
        Plug(second);
        Assert.That(Eventually(() => link.Status == DeviceStatus.Ok, 3000), Is.True, "the port is reopened");
        second.ReleaseSlave();
        Assert.That(link.ConnectionCount, Is.EqualTo(2));
        Assert.That(link.Write([5, 6]), Is.True);
        Assert.That(ReadExactly(second, 2), Is.EqualTo(new byte[] { 5, 6 }));
        second.Write([7, 8, 9]);
        Assert.That(ReadExactly(link, 3), Is.EqualTo(new byte[] { 7, 8, 9 }));
    }

    [Test]
    public void SerialLink_Dispose_StopsPromptly()
    {
        using var pty = PseudoTerminal.Open();
        var link = SerialLink.Open(new SerialLinkConfig { PortName = pty.SlavePath });
        var watch = Stopwatch.StartNew();
        link.Dispose();
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(1500));
        Assert.That(link.Write([1]), Is.False);
    }
}
