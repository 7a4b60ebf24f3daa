// The file kill switch trips while its file exists; the signal kill switch registers and releases its handlers.
using System.Runtime.InteropServices;
using DrlRobot.Runtime.Safety;

namespace DrlRobot.Runtime.Tests.Safety;

public partial class KillSwitchTests
{
    [Test]
    public void FileKillSwitch_TripsWhileTheFileExists()
    {
        string dir = Directory.CreateTempSubdirectory("drl-kill-").FullName;
        string path = Path.Combine(dir, "stop");
        try
        {
            using var kill = new FileKillSwitch(path, TimeSpan.FromMilliseconds(5));
            Assert.That(kill.IsTripped, Is.False);

            File.WriteAllText(path, "");
            Assert.That(() => kill.IsTripped, Is.True.After(2000, 5));

            File.Delete(path);
            Assert.That(() => kill.IsTripped, Is.False.After(2000, 5));
            Assert.That(kill.Reason, Is.EqualTo(StopReason.KillSwitch));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void FileKillSwitch_IsTrippedAtOnceWhenTheFileAlreadyExists()
    {
        string path = Path.GetTempFileName();
        try
        {
            using var kill = new FileKillSwitch(path, TimeSpan.FromSeconds(10));
            Assert.That(kill.IsTripped, Is.True);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void FileKillSwitch_TripsWhenAFolderAppearsAtThePath()
    {
        // `mkdir` where `touch` was meant must stop the robot just the same.
        string path = Path.Combine(Path.GetTempPath(), $"drl-kill-dir-{Guid.NewGuid():N}");
        try
        {
            using var kill = new FileKillSwitch(path, TimeSpan.FromMilliseconds(5));
            Assert.That(kill.IsTripped, Is.False);
            Directory.CreateDirectory(path);
            Assert.That(() => kill.IsTripped, Is.True.After(2000, 5));
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    [Test]
    public void SignalKillSwitch_StartsUntrippedAndReportsSignalAsItsReason()
    {
        using var kill = new SignalKillSwitch();
        Assert.Multiple(() =>
        {
            Assert.That(kill.IsTripped, Is.False);
            Assert.That(kill.Received, Is.Null);
            Assert.That(kill.Reason, Is.EqualTo(StopReason.Signal));
        });
    }

    [TestCase(PosixSignal.SIGINT, 2)]
    [TestCase(PosixSignal.SIGTERM, 15)]
    [TestCase(PosixSignal.SIGQUIT, 3)]
    [NonParallelizable]
    public void SignalKillSwitch_TripsOnTheSignalWhileAlive_AndNoLongerAfterDispose(PosixSignal signal, int linuxNumber)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the signal is raised with Linux's kill(2) and signal numbers");
        }
        if (InheritedIgnored(linuxNumber))
        {
            // A shell starts background jobs with SIGINT and SIGQUIT ignored; .NET then never delivers them, to the switch
            // or to anything else. `.ci/run` runs the tests with the default dispositions a terminal gives.
            Assert.Inconclusive($"{signal} is ignored in this process (inherited from a background shell), so no handler can receive it; " +
                                "run the tests from a terminal or under `env --default-signal=INT,QUIT`");
        }
        // The test's own handler cancels the signal's default action (ending the test process, were the switch's
        // handler missing) and says when .NET has delivered the signal to the registered handlers.
        using var delivered = new SemaphoreSlim(0);
        using PosixSignalRegistration guard = PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            delivered.Release();
        });

        using (var alive = new SignalKillSwitch())
        {
            Raise(linuxNumber);
            Assert.That(delivered.Wait(TimeSpan.FromSeconds(30)), Is.True, "the signal reached the process's handlers");
            // The handlers run one after another on .NET's signal thread, in no set order.
            Assert.That(() => alive.IsTripped, Is.True.After(10_000, 5), "the live switch's handler ran");
            Assert.That(alive.Received, Is.EqualTo(signal));
        }

        var disposed = new SignalKillSwitch();
        disposed.Dispose();
        Raise(linuxNumber);
        Assert.That(delivered.Wait(TimeSpan.FromSeconds(30)), Is.True, "the second signal reached the process's handlers");
        // A still-registered handler would run within microseconds of the guard's, on the same thread.
        Thread.Sleep(200);
        Assert.Multiple(() =>
        {
            Assert.That(disposed.IsTripped, Is.False, "the disposed switch's handler is no longer registered");
            Assert.That(disposed.Received, Is.Null);
        });
    }

    // The signal's bit in the process's ignored-signals mask (SigIgn in /proc/self/status, hexadecimal, bit n-1).
    private static bool InheritedIgnored(int linuxNumber)
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        ulong mask = line is null ? 0 : ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (mask & (1UL << (linuxNumber - 1))) != 0;
    }

    private static void Raise(int linuxNumber) =>
        Assert.That(Kill(Environment.ProcessId, linuxNumber), Is.Zero, $"kill(2) of signal {linuxNumber} to this process");

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
