// The BNO055 driver against the emulated register map: units, fusion mode, attitude and rates, failures.
using System.Numerics;
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Bno055;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Hardware.Tests.Devices;

public class Bno055DeviceTests
{
    private const float Lsb = 1f / 900f;

    [Test]
    public void Constructor_SelectsSiUnitsAndTheFusionMode()
    {
        var chip = new EmulatedBno055();
        using var imu = new Bno055Device(chip, new Bno055Settings { Mode = Bno055Mode.Ndof });
        Assert.That(chip.Mode, Is.EqualTo(Bno055Mode.Ndof));
    }

    [Test]
    public void Read_ReturnsAttitudeRatesAndAccelerationInSiUnits()
    {
        var chip = new EmulatedBno055();
        using var imu = new Bno055Device(chip, new Bno055Settings());
        chip.SetState(new Vector3(0.1f, -0.2f, 1.5f), new Vector3(0.5f, 0, 9.8f), roll: 0.3f, pitch: -0.1f, heading: -2f);
        Bno055Sample sample = imu.Read();
        Assert.Multiple(() =>
        {
            Assert.That(sample.AngularRate.Z, Is.EqualTo(1.5f).Within(Lsb));
            Assert.That(sample.AngularRate.Y, Is.EqualTo(-0.2f).Within(Lsb));
            Assert.That(sample.Acceleration.Z, Is.EqualTo(9.8f).Within(0.01f));
            Assert.That(sample.Roll, Is.EqualTo(0.3f).Within(Lsb));
            Assert.That(sample.Pitch, Is.EqualTo(-0.1f).Within(Lsb));
            Assert.That(sample.Heading, Is.EqualTo(-2f).Within(Lsb), "heading wraps to (−π, π]");
        });
    }

    [Test]
    public void Constructor_WrongChipId_ThrowsIOException()
    {
        var mpu = new EmulatedMpu6050(address: 0x28);
        var e = Assert.Throws<IOException>(() => _ = new Bno055Device(mpu, new Bno055Settings()));
        Assert.That(e!.Message, Does.Contain("CHIP_ID"));
    }

    [Test]
    public void Dispose_ReturnsTheChipToConfigMode()
    {
        var chip = new EmulatedBno055();
        new Bno055Device(chip, new Bno055Settings()).Dispose();
        Assert.That(chip.Mode, Is.EqualTo(Bno055Mode.Config));
    }

    [Test]
    public void Input_FailingBus_IsDegradedWithoutThrowing()
    {
        var chip = new EmulatedBno055();
        using var input = new Bno055Input(new Bno055Device(chip, new Bno055Settings()));
        chip.Disconnected = true;
        Assert.That(input.TryRead(new float[input.ValueNames.Count], out _), Is.False);
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Degraded));
    }

    [Test]
    public void RoverWithBno055_OpensOnTheEmulatedBoardAndFeedsTheObservation()
    {
        HardwareConfig rover = Fakes.RoverOnLoopback.Load();
        HardwareConfig config = rover with
        {
            Devices = [.. rover.Devices.Select(d => d.Type == DeviceTypes.Mpu6050
                ? new DeviceConfig { Name = d.Name, Type = DeviceTypes.Bno055, I2cBus = 1, FusionMode = "imu" } : d)],
        };
        using RobotHardware hardware = HardwareFactory.Open(config, out EmulatedRobot? emulated);
        using EmulatedRobot robot = emulated!;
        robot.SetImu("imu", new Vector3(0, 0, -0.4f), new Vector3(0, 0, 9.8f), new Vector3(0, 0, 1f));
        robot.SendExternalState("tracker", [1f, 0f, 0f, 0f]);
        Assert.That(SpinWait.SpinUntil(() => hardware.Inputs["tracker"].Status == DeviceStatus.Ok, TimeSpan.FromSeconds(2)), Is.True);
        var obs = new float[config.Observations.Count];
        Assert.That(hardware.Observations!.TryBuild(obs, out _, out _), Is.True);
        Assert.That(obs[hardware.Observations.Names.ToList().IndexOf("yaw_rate")], Is.EqualTo(-0.4f).Within(Lsb));
    }
}
