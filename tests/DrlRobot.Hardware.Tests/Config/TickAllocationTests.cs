// The per-tick path (write every output, build the observation, poll the kill switch) and what it allocates.
using System.Device.Gpio;
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Config;

public class TickAllocationTests
{
    private static HardwareConfig Load(string file) =>
        HardwareConfigJson.Load(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", file));

    private static long AllocatedOverTicks(RobotHardware hardware, int ticks, Action? atStart = null)
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
        atStart?.Invoke();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < ticks; i++)
        {
            Tick(i);
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Bytes allocated over <paramref name="ticks"/> rover ticks, and the GPIO writes those ticks made.</summary>
    private static (long Bytes, long Writes) RoverTicks(bool gpioWritesThroughGpioController, int ticks)
    {
        HardwareConfig config = RoverOnLoopback.Load();
        using EmulatedRobot robot = EmulatedRobot.Create(config);
        using var gpio = new CountingGpioController(robot.Board.GpioDriver, gpioWritesThroughGpioController);
        using RobotHardware hardware = HardwareFactory.Open(config, new BoardWithGpio(robot.Board, gpio), ownsBuses: false);
        long writesBefore = -1;
        long bytes = AllocatedOverTicks(hardware, ticks, () => writesBefore = gpio.Writes);
        return (bytes, gpio.Writes - writesBefore);
    }

    /// <summary>What one GpioController.Write on an open output line of the emulated driver allocates.</summary>
    private static long BytesPerGpioControllerWrite()
    {
        using var driver = new EmulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(5, PinMode.Output);
        const int writes = 1000;
        for (int i = 0; i < 10; i++)
        {
            controller.Write(5, i % 2 == 0 ? PinValue.High : PinValue.Low);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < writes; i++)
        {
            controller.Write(5, i % 2 == 0 ? PinValue.High : PinValue.Low);
        }
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(bytes % writes, Is.Zero, $"{bytes} B over {writes} writes: the same for every write");
        return bytes / writes;
    }

    [Test]
    public void RoverTick_WithAllocationFreeGpioWrites_AllocatesNothing()
    {
        // The motors' direction pins are the only GPIO writes; here they are counted and dropped.
        (long bytes, long writes) = RoverTicks(gpioWritesThroughGpioController: false, ticks: 1000);

        Assert.Multiple(() =>
        {
            Assert.That(writes, Is.GreaterThanOrEqualTo(1000), "the ticks wrote the direction pins");
            Assert.That(bytes, Is.Zero, "bytes allocated over 1000 ticks outside GpioController.Write");
        });
    }

    [Test]
    public void RoverTick_AllocatesOnlyWhatItsGpioControllerWritesAllocate()
    {
        // System.Device.Gpio's GpioController.Write allocates on every call; everything else on the path allocates nothing.
        long perWrite = BytesPerGpioControllerWrite();
        (long bytes, long writes) = RoverTicks(gpioWritesThroughGpioController: true, ticks: 1000);

        TestContext.Out.WriteLine($"{writes} GPIO writes over 1000 ticks, {perWrite} B each, {bytes} B in all");
        Assert.Multiple(() =>
        {
            Assert.That(writes, Is.GreaterThanOrEqualTo(1000), "the ticks wrote the direction pins");
            Assert.That(bytes, Is.EqualTo(writes * perWrite), "bytes allocated over 1000 ticks, against the GPIO writes' share");
        });
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
