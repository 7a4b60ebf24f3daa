// The per-tick path (write every output, build the observation, poll the kill switch) and what it allocates.
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Config;

public class TickAllocationTests
{
    private static HardwareConfig Load(string file) =>
        HardwareConfigJson.Load(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", file));

    private static long AllocatedOverTicks(RobotHardware hardware, int ticks)
    {
        var commands = new float[hardware.Outputs.Count];
        var obs = new float[hardware.Observations!.Names.Count];
        void Tick(int i)
        {
            for (int k = 0; k < commands.Length; k++)
            {
                commands[k] = (i % 7) * 0.1f;
            }
            hardware.Write(commands);
            hardware.Observations.TryBuild(obs, out _, out _);
            hardware.KillSwitch?.TryIsActive(out _);
        }
        for (int i = 0; i < 10; i++)
        {
            Tick(i);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < ticks; i++)
        {
            Tick(i);
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Test]
    public void RoverTick_AllocatesOnlyInsideGpioControllerWrite()
    {
        // System.Device.Gpio 4.2's GpioController.Write allocates 40 B per call (measured with a driver whose Write
        // does nothing), and Iot.Device.DCMotor writes both direction pins on every speed change: 2 motors × 2 pins.
        // Everything of ours on the path allocates nothing; this bound catches anything new.
        using RobotHardware hardware = HardwareFactory.Open(RoverOnLoopback.Load(), out EmulatedRobot? robot);
        using EmulatedRobot _ = robot!;
        const int ticks = 1000;
        Assert.That(AllocatedOverTicks(hardware, ticks), Is.LessThanOrEqualTo(2 * 2 * 40 * ticks));
    }

    [Test]
    public void LanderTick_AllocatesNothing()
    {
        HardwareConfig config = LanderOnLoopback.Load();
        using EmulatedRobot robot = EmulatedRobot.Create(config);
        var time = new FakeTime();
        using RobotHardware hardware = HardwareFactory.Open(config, robot.Board, ownsBuses: true, time);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(AllocatedOverTicks(hardware, 1000), Is.Zero);
    }
}
