// The file kill switch trips while its file exists; the signal kill switch registers and releases its handlers.
using DrlRobot.Runtime.Safety;

namespace DrlRobot.Runtime.Tests.Safety;

public class KillSwitchTests
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
}
