// The MPU-6050 driver against the emulated register map: wake-up, ranges, scaling, failures.
using System.Numerics;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Devices.Mpu6050;

namespace DrlRobot.Hardware.Tests.Devices;

public class Mpu6050DeviceTests
{
    [Test]
    public void Constructor_WakesTheChipAndWritesTheRanges()
    {
        var chip = new EmulatedMpu6050();
        using var imu = new Mpu6050Device(chip, new Mpu6050Settings { GyroRange = GyroRange.Dps1000, AccelRange = AccelRange.G8 });
        Assert.Multiple(() =>
        {
            Assert.That(chip.IsSleeping, Is.False);
            Assert.That(chip.Register(0x1B), Is.EqualTo(2 << 3));
            Assert.That(chip.Register(0x1C), Is.EqualTo(2 << 3));
            Assert.That(chip.Register(0x1A), Is.EqualTo(3));
            Assert.That(chip.Register(0x19), Is.EqualTo(4));
        });
    }

    [TestCase(GyroRange.Dps250)]
    [TestCase(GyroRange.Dps2000)]
    public void Read_ReturnsTheSimulatedMotionInSiUnits(GyroRange range)
    {
        var chip = new EmulatedMpu6050();
        using var imu = new Mpu6050Device(chip, new Mpu6050Settings { GyroRange = range });
        chip.SetMotion(new Vector3(0.5f, -1.2f, 2f), new Vector3(1f, -2f, 9.81f), 30f);
        var sample = imu.Read();
        float gyroLsb = Mpu6050Scale.GyroRadiansPerSecondPerLsb(range);
        float accelLsb = Mpu6050Scale.AccelMetresPerSecondSquaredPerLsb(AccelRange.G4);
        Assert.Multiple(() =>
        {
            Assert.That(sample.AngularRate.X, Is.EqualTo(0.5f).Within(gyroLsb));
            Assert.That(sample.AngularRate.Y, Is.EqualTo(-1.2f).Within(gyroLsb));
            Assert.That(sample.AngularRate.Z, Is.EqualTo(2f).Within(gyroLsb));
            Assert.That(sample.Acceleration.Z, Is.EqualTo(9.81f).Within(accelLsb));
            Assert.That(sample.Acceleration.Y, Is.EqualTo(-2f).Within(accelLsb));
            Assert.That(sample.TemperatureCelsius, Is.EqualTo(30f).Within(0.01f));
        });
    }

    [Test]
    public void Read_RateBeyondFullScale_Saturates()
    {
        var chip = new EmulatedMpu6050();
        using var imu = new Mpu6050Device(chip, new Mpu6050Settings { GyroRange = GyroRange.Dps250 });
        chip.SetMotion(new Vector3(10f, 0, 0), new Vector3(0, 0, 9.81f));
        Assert.That(imu.Read().AngularRate.X, Is.EqualTo(250f * MathF.PI / 180f).Within(0.01f));
    }

    [Test]
    public void Read_SubtractsTheConfiguredGyroBias()
    {
        var chip = new EmulatedMpu6050();
        using var imu = new Mpu6050Device(chip, new Mpu6050Settings { GyroBias = new Vector3(0.1f, 0, 0) });
        chip.SetMotion(new Vector3(0.1f, 0, 0), new Vector3(0, 0, 9.81f));
        Assert.That(imu.Read().AngularRate.X, Is.EqualTo(0f).Within(1e-3f));
    }

    [Test]
    public void Constructor_WrongWhoAmI_ThrowsIOExceptionNamingTheChip()
    {
        var e = Assert.Throws<IOException>(() => _ = new Mpu6050Device(new WrongChip(), new Mpu6050Settings()));
        Assert.That(e!.Message, Does.Contain("WHO_AM_I"));
    }

    [Test]
    public void Read_OnADisconnectedBus_ThrowsIOException()
    {
        var chip = new EmulatedMpu6050();
        using var imu = new Mpu6050Device(chip, new Mpu6050Settings());
        chip.Disconnected = true;
        Assert.Throws<IOException>(() => imu.Read());
    }

    [Test]
    public void Dispose_PutsTheChipToSleep()
    {
        var chip = new EmulatedMpu6050();
        new Mpu6050Device(chip, new Mpu6050Settings()).Dispose();
        Assert.That(chip.Register(0x6B) & 0x40, Is.Not.Zero);
    }

    /// <summary>A PCA9685 where an MPU-6050 was expected: WHO_AM_I (0x75) reads as something else.</summary>
    private sealed class WrongChip : EmulatedI2cDevice
    {
        public WrongChip() : base(1, 0x68)
        {
        }

        protected override bool AutoIncrement => true;

        protected override byte ReadRegister(byte register) => 0x70;

        protected override void WriteRegister(byte register, byte value)
        {
        }
    }
}
