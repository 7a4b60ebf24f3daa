// A switch input through a VirtualGpioController that maps its pin onto a header line of the emulated GPIO.
using System.Device.Gpio;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Inputs;
using Iot.Device.Gpio;

namespace DrlRobot.Hardware.Tests.Inputs;

public class SwitchInputTests
{
    [TestCase(true, 0f, 1f)]
    [TestCase(false, 1f, 0f)]
    public void ActiveLevel_DecidesWhatCountsAsPressed(bool activeHigh, float whenLow, float whenHigh)
    {
        using var gpio = new EmulatedGpioDriver();
        using var controller = gpio.CreateController();
        using var mapped = new VirtualGpioController(new Dictionary<int, GpioPin> { [0] = controller.OpenPin(17, PinMode.Input) });
        using var input = new SwitchInput(mapped, 0, activeHigh ? PinValue.High : PinValue.Low);
        var values = new float[1];
        gpio.SetInput(17, PinValue.Low);
        input.TryRead(values, out _);
        float low = values[0];
        gpio.SetInput(17, PinValue.High);
        Assert.That(input.TryRead(values, out long timestamp), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(low, Is.EqualTo(whenLow));
            Assert.That(values[0], Is.EqualTo(whenHigh));
            Assert.That(timestamp, Is.Positive);
        });
    }

    [Test]
    public void ActiveLowSwitch_IsOpenedWithPullUpSoAnUnwiredPinReadsInactive()
    {
        using var gpio = new EmulatedGpioDriver();
        using var controller = gpio.CreateController();
        using var input = new SwitchInput(controller, 4, PinValue.Low);
        Assert.Multiple(() =>
        {
            Assert.That(input.TryIsActive(out bool active), Is.True);
            Assert.That(active, Is.False);
            Assert.That(controller.GetPinMode(4), Is.EqualTo(PinMode.InputPullUp));
        });
    }

    [TestCase(true)]
    [TestCase(false)]
    public void FailSafeSwitch_ReadsActiveWhenItsWireIsCut(bool activeHigh)
    {
        using var gpio = new EmulatedGpioDriver();
        using var controller = gpio.CreateController();
        using var kill = new SwitchInput(controller, 26, activeHigh ? PinValue.High : PinValue.Low, failSafe: true);
        Assert.That(kill.TryIsActive(out bool active) && active, Is.True, "nothing drives the pin: the pull makes it stop");
        gpio.SetInput(26, activeHigh ? PinValue.Low : PinValue.High); // the normally-closed switch holds it inactive
        Assert.That(kill.TryIsActive(out active) && !active, Is.True);
    }

    [Test]
    public void ClosedController_ReportsFailedWithoutThrowing()
    {
        using var gpio = new EmulatedGpioDriver();
        var controller = gpio.CreateController();
        using var input = new SwitchInput(controller, 4, PinValue.High);
        controller.ClosePin(4);
        Assert.That(input.TryIsActive(out _), Is.False);
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Failed));
        controller.Dispose();
    }
}
