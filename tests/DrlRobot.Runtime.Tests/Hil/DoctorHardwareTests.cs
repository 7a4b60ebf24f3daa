// `drl-run doctor --hardware FILE`: what a config needs from this machine, one check each, and whether it is there.
using DrlRobot.Cli;
using DrlRobot.Hardware.Config;
using DrlRobot.Runtime.Cli;
using DrlRobot.Runtime.Doctor;

namespace DrlRobot.Runtime.Tests.Hil;

public class DoctorHardwareTests
{
    private static HardwareConfig Load(string file) => HardwareConfigJson.Load(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", file));

    [Test]
    public void RoverOnAMachineWithoutItsBuses_FailsEachNeedWithTheFix()
    {
        string empty = Directory.CreateTempSubdirectory("drl-doctor-").FullName;
        try
        {
            RuntimeReport report = DoctorCommand.WithHardware(new RuntimeReport(), Load("rover-l298n.json"), "rover-l298n.json", empty, empty);
            Assert.Multiple(() =>
            {
                Assert.That(report.Ok, Is.False);
                Assert.That(report.Checks.Single(c => c.Name == "rover-l298n.json: imu").Status, Is.EqualTo(CheckStatus.Fail));
                Assert.That(report.Checks.Single(c => c.Name == "rover-l298n.json: bridge_pwm").Detail, Does.Contain("dtoverlay=pwm-2chan"));
                Assert.That(report.Checks.Single(c => c.Name == "rover-l298n.json: gpio").Detail, Does.Contain("gpiochip0"));
            });
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Test]
    public void LanderSerial_NeedsItsSerialPort()
    {
        RuntimeReport report = DoctorCommand.WithHardware(new RuntimeReport(), Load("lander-serial.json"), "lander-serial.json");
        DoctorCheck link = report.Checks.Single(c => c.Name == "lander-serial.json: link");
        Assert.That(link.Detail, Does.StartWith("/dev/ttyACM0"));
    }

    [Test]
    public void Doctor_WithAMissingConfig_Exit2()
    {
        var (code, _, error) = ConsoleCapture.Run(RuntimeCli.Run, "doctor", "--hardware", "/nonexistent/robot.json");
        Assert.That(code, Is.EqualTo(2), error);
        Assert.That(error, Does.Contain("hardware config not found"));
    }
}
