// ESCs and servos on a PwmChannel: the command→pulse mapping, arming by holding neutral, failure and disposal.
using DrlRobot.Hardware.Outputs;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Outputs;

public class PulseOutputTests
{
    private static readonly ActuatorRange Symmetric = new(-1f, 1f, 0f);

    [Test]
    public void Constructor_WritesNeutralAndStartsTheChannel()
    {
        var pwm = new FakePwmChannel();
        using var output = new PulseOutput("main", pwm, Symmetric, PulseCalibration.BidirectionalEsc, TimeSpan.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(pwm.Running, Is.True);
            Assert.That(pwm.PulseMicroseconds, Is.EqualTo(1500).Within(1e-6));
        });
    }

    [TestCase(1f, 1900)]
    [TestCase(-1f, 1100)]
    [TestCase(0.25f, 1600)]
    public void Write_WhenArmed_SendsTheCalibratedPulse(float command, double pulse)
    {
        var pwm = new FakePwmChannel();
        using var output = new PulseOutput("main", pwm, Symmetric, PulseCalibration.BidirectionalEsc, TimeSpan.Zero);
        output.Write(command);
        Assert.That(pwm.PulseMicroseconds, Is.EqualTo(pulse).Within(1e-6));
    }

    [Test]
    public void Write_UsesTheContractRangeGivenByTheConfig()
    {
        var pwm = new FakePwmChannel();
        using var output = new PulseOutput("main", pwm, new ActuatorRange(0f, 20f, 0f), PulseCalibration.UnidirectionalEsc, TimeSpan.Zero);
        output.Write(5f);
        Assert.That(pwm.PulseMicroseconds, Is.EqualTo(1300).Within(1e-6));
    }

    [Test]
    public void Write_ReversedEsc_MirrorsAboutNeutral()
    {
        var pwm = new FakePwmChannel();
        var calibration = PulseCalibration.BidirectionalEsc with { Reversed = true };
        using var output = new PulseOutput("left", pwm, Symmetric, calibration, TimeSpan.Zero);
        output.Write(0.5f);
        Assert.That(pwm.PulseMicroseconds, Is.EqualTo(1300).Within(1e-6));
    }

    [Test]
    public void Write_BeforeNeutralHeldForArmTime_SendsNeutral()
    {
        var pwm = new FakePwmChannel();
        var time = new FakeTime();
        using var output = new PulseOutput("main", pwm, Symmetric, PulseCalibration.BidirectionalEsc, TimeSpan.FromSeconds(2), time);
        time.Advance(TimeSpan.FromSeconds(1.9));
        output.Write(1f);
        Assert.Multiple(() =>
        {
            Assert.That(output.IsArmed, Is.False);
            Assert.That(pwm.PulseMicroseconds, Is.EqualTo(1500).Within(1e-6));
        });
        time.Advance(TimeSpan.FromSeconds(0.1));
        output.Write(1f);
        Assert.Multiple(() =>
        {
            Assert.That(output.IsArmed, Is.True);
            Assert.That(pwm.PulseMicroseconds, Is.EqualTo(1900).Within(1e-6));
        });
    }

    [Test]
    public void Write_WhenTheChannelFails_ReportsFailedWithoutThrowingAndDisarms()
    {
        var pwm = new FakePwmChannel();
        var time = new FakeTime();
        using var output = new PulseOutput("main", pwm, Symmetric, PulseCalibration.BidirectionalEsc, TimeSpan.FromSeconds(1), time);
        time.Advance(TimeSpan.FromSeconds(1));
        pwm.Fail = true;
        Assert.DoesNotThrow(() => output.Write(1f));
        Assert.That(output.Status, Is.EqualTo(DeviceStatus.Failed));
        pwm.Fail = false;
        output.Write(1f);
        Assert.Multiple(() =>
        {
            Assert.That(output.Status, Is.EqualTo(DeviceStatus.Ok));
            Assert.That(output.IsArmed, Is.False, "a failed write must restart the neutral hold");
            Assert.That(pwm.PulseMicroseconds, Is.EqualTo(1500).Within(1e-6));
        });
    }

    [Test]
    public void WriteNeutral_AfterThrust_ReturnsToNeutralPulse()
    {
        var pwm = new FakePwmChannel();
        using var output = new PulseOutput("main", pwm, Symmetric, PulseCalibration.BidirectionalEsc, TimeSpan.Zero);
        output.Write(1f);
        output.WriteNeutral();
        Assert.That(pwm.PulseMicroseconds, Is.EqualTo(1500).Within(1e-6));
    }

    [Test]
    public void Dispose_LeavesNeutralAndReleasesTheChannel()
    {
        var pwm = new FakePwmChannel();
        var output = new PulseOutput("main", pwm, Symmetric, PulseCalibration.BidirectionalEsc, TimeSpan.Zero);
        output.Write(0.8f);
        output.Dispose();
        output.Write(1f);
        Assert.Multiple(() =>
        {
            Assert.That(pwm.DutyCycles[^1] * 1e6 / 50, Is.EqualTo(1500).Within(1e-6));
            Assert.That(pwm.Disposed, Is.True);
        });
    }

    [Test]
    public void Constructor_PulseLongerThanThePeriod_IsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            _ = new PulseOutput("main", new FakePwmChannel(1000), Symmetric, PulseCalibration.BidirectionalEsc, TimeSpan.Zero));

    [Test]
    public void Servo_MapsAngleRangeOntoItsPulseRange()
    {
        var pwm = new FakePwmChannel();
        var calibration = new PulseCalibration { MinPulseMicroseconds = 1000, NeutralPulseMicroseconds = 1500, MaxPulseMicroseconds = 2000 };
        using var servo = new PulseOutput("rudder", pwm, new ActuatorRange(-0.5f, 0.5f, 0f), calibration, TimeSpan.Zero);
        servo.Write(-0.25f);
        Assert.That(pwm.PulseMicroseconds, Is.EqualTo(1250).Within(1e-6));
    }
}
