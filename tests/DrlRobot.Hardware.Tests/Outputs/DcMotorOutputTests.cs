// DC motors on H-bridges through Iot.Device.DCMotor, with pins on the emulated GPIO and a fake PwmChannel.
// (VirtualGpioController cannot serve here: the binding opens its own pins, which that controller does not support.)
using System.Device.Gpio;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Outputs;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Outputs;

public class DcMotorOutputTests
{
    private const int In1 = 5, In2 = 6;
    private static readonly ActuatorRange Symmetric = new(-1f, 1f, 0f);
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

    private DcMotorOutput ThreePin(FakePwmChannel pwm, MotorCalibration? calibration = null) =>
        new("left", HBridge.ThreePin(pwm, In1, In2, _controller), Symmetric, calibration ?? new MotorCalibration());

    [Test]
    public void ThreePin_Forward_SetsIn1HighIn2LowAndDuty()
    {
        var pwm = new FakePwmChannel(1000);
        using DcMotorOutput motor = ThreePin(pwm);
        motor.Write(0.5f);
        Assert.Multiple(() =>
        {
            Assert.That(_gpio.Level(In1), Is.EqualTo(PinValue.High));
            Assert.That(_gpio.Level(In2), Is.EqualTo(PinValue.Low));
            Assert.That(pwm.DutyCycle, Is.EqualTo(0.5).Within(1e-6));
        });
    }

    [Test]
    public void ThreePin_Reverse_SwapsTheDirectionPins()
    {
        var pwm = new FakePwmChannel(1000);
        using DcMotorOutput motor = ThreePin(pwm);
        motor.Write(-0.75f);
        Assert.Multiple(() =>
        {
            Assert.That(_gpio.Level(In1), Is.EqualTo(PinValue.Low));
            Assert.That(_gpio.Level(In2), Is.EqualTo(PinValue.High));
            Assert.That(pwm.DutyCycle, Is.EqualTo(0.75).Within(1e-6));
        });
    }

    [Test]
    public void ThreePin_ReversedAndCapped_FlipsAndLimitsDuty()
    {
        var pwm = new FakePwmChannel(1000);
        using DcMotorOutput motor = ThreePin(pwm, new MotorCalibration { Reversed = true, MaxDuty = 0.6f });
        motor.Write(1f);
        Assert.Multiple(() =>
        {
            Assert.That(motor.LastDuty, Is.EqualTo(-0.6).Within(1e-6));
            Assert.That(_gpio.Level(In2), Is.EqualTo(PinValue.High));
            Assert.That(pwm.DutyCycle, Is.EqualTo(0.6).Within(1e-6));
        });
    }

    [Test]
    public void Deadband_SmallCommandsLeaveTheMotorStopped()
    {
        var pwm = new FakePwmChannel(1000);
        using DcMotorOutput motor = ThreePin(pwm, new MotorCalibration { Deadband = 0.1f });
        motor.Write(0.08f);
        Assert.That(pwm.DutyCycle, Is.Zero);
    }

    [Test]
    public void TwoPin_PwmAndOneDirectionPin_DrivesBothWays()
    {
        var pwm = new FakePwmChannel(1000);
        using var motor = new DcMotorOutput("right", HBridge.TwoPin(pwm, In1, _controller),
            Symmetric, new MotorCalibration());
        motor.Write(0.4f);
        PinValue forward = _gpio.Level(In1);
        double forwardDuty = pwm.DutyCycle;
        motor.Write(-0.4f);
        Assert.Multiple(() =>
        {
            Assert.That(forward, Is.EqualTo(PinValue.High), "a positive command drives the direction pin high");
            Assert.That(_gpio.Level(In1), Is.EqualTo(PinValue.Low), "direction pin flips with the sign");
            Assert.That(forwardDuty, Is.Not.Zero);
            Assert.That(motor.LastDuty, Is.EqualTo(-0.4).Within(1e-6));
        });
    }

    [Test]
    public void WriteNeutral_And_Dispose_StopTheMotor()
    {
        var pwm = new FakePwmChannel(1000);
        DcMotorOutput motor = ThreePin(pwm);
        motor.Write(1f);
        motor.WriteNeutral();
        Assert.That(pwm.DutyCycle, Is.Zero);
        motor.Write(1f);
        motor.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(pwm.DutyCycles[^1], Is.Zero);
            Assert.That(_gpio.Level(In1), Is.EqualTo(PinValue.Low));
            Assert.That(_gpio.Level(In2), Is.EqualTo(PinValue.Low));
        });
    }

    [Test]
    public void Write_WhenThePwmFails_ReportsFailedWithoutThrowing()
    {
        var pwm = new FakePwmChannel(1000);
        using DcMotorOutput motor = ThreePin(pwm);
        pwm.Fail = true;
        Assert.DoesNotThrow(() => motor.Write(0.5f));
        Assert.That(motor.Status, Is.EqualTo(DeviceStatus.Failed));
    }
}
