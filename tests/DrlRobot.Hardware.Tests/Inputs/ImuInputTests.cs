// The IMU input channel: named values, timestamps from the clock, and health after bus failures.
using System.Numerics;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Devices.Mpu6050;
using DrlRobot.Hardware.Inputs;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Inputs;

public class ImuInputTests
{
    [Test]
    public void TryRead_WritesRatesAttitudeAndTheReadTime()
    {
        var chip = new EmulatedMpu6050();
        var time = new FakeTime();
        using var input = new ImuInput(new Mpu6050Device(chip, new Mpu6050Settings(), time), new ComplementaryFilter());
        chip.SetMotion(new Vector3(0, 0, 0.7f), new Vector3(0, 9.80665f * MathF.Sin(0.2f), 9.80665f * MathF.Cos(0.2f)));
        var values = new float[input.ValueNames.Count];
        Assert.That(input.TryRead(values, out long timestamp), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(timestamp, Is.EqualTo(time.GetTimestamp()));
            Assert.That(values[5], Is.EqualTo(0.7f).Within(1e-3));
            Assert.That(values[0], Is.EqualTo(0.2f).Within(1e-3));
            Assert.That(input.Status, Is.EqualTo(DeviceStatus.Ok));
        });
    }

    [Test]
    public void TryRead_UsesTimeBetweenReadsToIntegrateYaw()
    {
        var chip = new EmulatedMpu6050();
        var time = new FakeTime();
        using var input = new ImuInput(new Mpu6050Device(chip, new Mpu6050Settings(), time), new ComplementaryFilter());
        chip.SetMotion(new Vector3(0, 0, 1f), new Vector3(0, 0, 9.80665f));
        var values = new float[input.ValueNames.Count];
        input.TryRead(values, out _);
        for (int i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            input.TryRead(values, out _);
        }
        Assert.That(values[2], Is.EqualTo(0.2f).Within(2e-3));
    }

    [Test]
    public void TryRead_FailingBus_IsDegradedThenFailedAndRecovers()
    {
        var chip = new EmulatedMpu6050();
        using var input = new ImuInput(new Mpu6050Device(chip, new Mpu6050Settings()), new ComplementaryFilter(), failAfter: 2);
        var values = new float[input.ValueNames.Count];
        chip.Disconnected = true;
        Assert.That(input.TryRead(values, out _), Is.False);
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Degraded));
        input.TryRead(values, out _);
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Failed));
        chip.Disconnected = false;
        Assert.That(input.TryRead(values, out _), Is.True);
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Ok));
    }
}
