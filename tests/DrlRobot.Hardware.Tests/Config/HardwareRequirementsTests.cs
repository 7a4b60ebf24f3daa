// What a config needs from the machine, checked against a fake /dev and /sys/class/pwm in a temporary folder.
using DrlRobot.Hardware.Config;

namespace DrlRobot.Hardware.Tests.Config;

public class HardwareRequirementsTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("drl-req").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private static HardwareConfig Load(string file) =>
        HardwareConfigJson.Load(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", file));

    [Test]
    public void Rover_NeedsGpioI2cAndPwm_AndReportsWhatIsMissingWithTheFix()
    {
        File.WriteAllText(Path.Combine(_root, "gpiochip0"), "");
        File.WriteAllText(Path.Combine(_root, "i2c-1"), "");
        var checks = HardwareRequirements.Check(Load("rover-l298n.json"), devDirectory: _root, pwmDirectory: _root);
        Assert.Multiple(() =>
        {
            Assert.That(checks.Select(c => Path.GetFileName(c.Needs)), Is.EqualTo(new[] { "gpiochip0", "export", "i2c-1", "udp:9871" }));
            Assert.That(checks.Single(c => c.User == "imu").Ok, Is.True);
            RequirementCheck pwm = checks.Single(c => c.User == "bridge_pwm");
            Assert.That(pwm.Ok, Is.False);
            Assert.That(pwm.Detail, Does.Contain("dtoverlay=pwm-2chan"));
        });
    }

    [Test]
    public void EmulatedBoard_NeedsNothingFromTheMachine()
    {
        var checks = HardwareRequirements.Check(Load("rover-emulated.json"), devDirectory: _root, pwmDirectory: _root);
        Assert.That(checks.Select(c => c.Ok), Is.All.True);
    }

    [Test]
    public void SharedBus_IsListedOnce()
    {
        var checks = HardwareRequirements.Check(LanderConfig(), devDirectory: _root, pwmDirectory: _root);
        Assert.That(checks.Count(c => c.Needs.EndsWith("i2c-1", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    private static HardwareConfig LanderConfig() => Fakes.LanderOnLoopback.Load();
}
