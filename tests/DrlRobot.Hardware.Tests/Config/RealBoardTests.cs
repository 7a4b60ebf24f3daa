// On a real Pi only: open the config named by DRLROBOT_HW_CONFIG, hold neutral, read every input. Run explicitly.
using DrlRobot.Hardware.Config;

namespace DrlRobot.Hardware.Tests.Config;

[Category("Hardware")]
[Explicit("needs a Raspberry Pi wired as DRLROBOT_HW_CONFIG describes")]
public class RealBoardTests
{
    [Test]
    public void ConfiguredRobot_OpensHoldsNeutralAndReadsEveryInput()
    {
        string? path = Environment.GetEnvironmentVariable("DRLROBOT_HW_CONFIG");
        Assert.That(path, Is.Not.Null.And.Not.Empty, "set DRLROBOT_HW_CONFIG to a hardware config");
        HardwareConfig config = HardwareConfigJson.Load(path!);
        Assert.That(config.Board, Is.EqualTo(Boards.RaspberryPi));
        using RobotHardware hardware = HardwareFactory.Open(config, new RaspberryPiBuses(config.GpioChip), ownsBuses: true);
        var obs = new float[config.Observations.Count];
        for (int i = 0; i < 50; i++)
        {
            hardware.WriteNeutral();
            hardware.Observations?.TryBuild(obs, out _, out _);
            Thread.Sleep(20);
        }
        Assert.Multiple(() =>
        {
            Assert.That(hardware.WorstStatus, Is.Not.EqualTo(DeviceStatus.Failed));
            Assert.That(obs, Has.All.Matches<float>(float.IsFinite));
        });
    }
}
