// Quadrature decoding from GPIO edge events, with the encoder's pins handed over through a VirtualGpioController.
using System.Device.Gpio;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Devices.Encoders;
using Iot.Device.Gpio;

namespace DrlRobot.Hardware.Tests.Devices;

public class QuadratureEncoderTests
{
    private const int PinA = 23, PinB = 24;
    private EmulatedGpioDriver _gpio = null!;
    private GpioController _controller = null!;

    [SetUp]
    public void SetUp()
    {
        _gpio = new EmulatedGpioDriver();
        _controller = _gpio.CreateController();
    }

    [TearDown]
    public void TearDown()
    {
        _controller.Dispose();
        _gpio.Dispose();
    }

    [Test]
    public void Edges_CountForwardAndBack()
    {
        var wheel = new EmulatedQuadratureEncoder(_gpio, PinA, PinB, countsPerRevolution: 400);
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        wheel.MoveTo(37);
        Assert.That(encoder.Count, Is.EqualTo(37));
        wheel.MoveTo(-5);
        Assert.Multiple(() =>
        {
            Assert.That(encoder.Count, Is.EqualTo(-5));
            Assert.That(encoder.Errors, Is.Zero);
        });
    }

    [Test]
    public void ChannelsOnSeparateVirtualControllers_DecodeThroughTheMapping()
    {
        // Virtual pin 0 of each controller is wired to header lines 23 and 24; VirtualGpioController 4.2 delivers
        // edges for one pin per controller, so each channel gets its own.
        using var a = new VirtualGpioController(new Dictionary<int, GpioPin> { [0] = _controller.OpenPin(PinA, PinMode.Input) });
        using var b = new VirtualGpioController(new Dictionary<int, GpioPin> { [0] = _controller.OpenPin(PinB, PinMode.Input) });
        var wheel = new EmulatedQuadratureEncoder(_gpio, PinA, PinB, countsPerRevolution: 400);
        using var encoder = new QuadratureEncoder(a, 0, b, 0);
        wheel.MoveTo(-21);
        Assert.That(encoder.Count, Is.EqualTo(-21));
    }

    [Test]
    public void OneFullRevolution_IsCountsPerRevolution()
    {
        var wheel = new EmulatedQuadratureEncoder(_gpio, PinA, PinB, countsPerRevolution: 1440);
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        wheel.SetAngle(2 * Math.PI);
        Assert.That(encoder.Count, Is.EqualTo(1440));
    }

    [Test]
    public void MissedEdge_CountsAnErrorNotAStep()
    {
        _gpio.SetInput(PinA, PinValue.Low);
        _gpio.SetInput(PinB, PinValue.Low);
        using var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        _gpio.SetInput(PinA, PinValue.High); // 00 → 10: +1
        _gpio.SetInput(PinB, PinValue.High); // 10 → 11: +1
        Assert.That(encoder.Count, Is.EqualTo(2));
        Assert.That(encoder.Errors, Is.Zero);
        // B's falling edge is lost; its next rising edge finds B already high: a missed edge, not a step.
        _gpio.SetInput(PinB, PinValue.Low, raiseEvent: false);
        _gpio.SetInput(PinB, PinValue.High);
        Assert.Multiple(() =>
        {
            Assert.That(encoder.Count, Is.EqualTo(2));
            Assert.That(encoder.Errors, Is.EqualTo(1));
        });
    }

    [Test]
    public void Dispose_StopsCountingAndClosesPinsItOpened()
    {
        var wheel = new EmulatedQuadratureEncoder(_gpio, PinA, PinB, countsPerRevolution: 400);
        var encoder = new QuadratureEncoder(_controller, PinA, PinB);
        wheel.MoveTo(4);
        encoder.Dispose();
        wheel.MoveTo(8);
        Assert.Multiple(() =>
        {
            Assert.That(encoder.Count, Is.EqualTo(4));
            Assert.That(_controller.IsPinOpen(PinA), Is.False);
        });
    }

    [Test]
    public void SamePinForBothChannels_IsRejected() =>
        Assert.Throws<ArgumentException>(() => _ = new QuadratureEncoder(_controller, PinA, PinA));
}
