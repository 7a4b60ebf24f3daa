// Encoders on emulated GPIO feeding odometry through the input channel, with timestamps from the clock.
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Devices.Encoders;
using DrlRobot.Hardware.Inputs;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Inputs;

public class OdometryInputTests
{
    [Test]
    public void WheelsTurningTogether_GiveSpeedAndDistance()
    {
        using var gpio = new EmulatedGpioDriver();
        using var controller = gpio.CreateController();
        var time = new FakeTime();
        var leftWheel = new EmulatedQuadratureEncoder(gpio, 5, 6, 360);
        var rightWheel = new EmulatedQuadratureEncoder(gpio, 13, 19, 360);
        using var input = new OdometryInput(new QuadratureEncoder(controller, 5, 6), new QuadratureEncoder(controller, 13, 19), 360,
            new WheelOdometry(0.05, 0.3), time);
        var values = new float[input.ValueNames.Count];
        input.TryRead(values, out _);
        time.Advance(TimeSpan.FromSeconds(0.5));
        leftWheel.SetAngle(Math.PI);
        rightWheel.SetAngle(Math.PI);
        Assert.That(input.TryRead(values, out long timestamp), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(timestamp, Is.EqualTo(time.GetTimestamp()));
            Assert.That(values[0], Is.EqualTo(Math.PI * 0.05).Within(1e-5), "x");
            Assert.That(values[3], Is.EqualTo(2 * Math.PI * 0.05).Within(1e-5), "speed");
            Assert.That(values[5], Is.EqualTo(2 * Math.PI).Within(1e-4), "left_rate");
            Assert.That(input.Status, Is.EqualTo(DeviceStatus.Ok));
        });
    }
}
