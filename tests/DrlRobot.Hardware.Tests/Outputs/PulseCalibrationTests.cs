// Pulse widths of bidirectional and unidirectional ESCs, and the calibration's validation messages.
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Tests.Outputs;

public class PulseCalibrationTests
{
    [TestCase(-1f, 1100)]
    [TestCase(-0.5f, 1300)]
    [TestCase(0f, 1500)]
    [TestCase(0.5f, 1700)]
    [TestCase(1f, 1900)]
    public void BidirectionalEsc_MapsFullRangeOnto1100To1900(float u, double expected) =>
        Assert.That(PulseCalibration.BidirectionalEsc.PulseFor(u), Is.EqualTo(expected).Within(1e-6));

    [TestCase(-1f, 1100)]
    [TestCase(0f, 1100)]
    [TestCase(0.25f, 1300)]
    [TestCase(1f, 1900)]
    public void UnidirectionalEsc_StopsAtMinAndIgnoresReverse(float u, double expected) =>
        Assert.That(PulseCalibration.UnidirectionalEsc.PulseFor(u), Is.EqualTo(expected).Within(1e-6));

    [Test]
    public void AsymmetricCalibration_ScalesEachSideToItsOwnEnd()
    {
        var calibration = new PulseCalibration { MinPulseMicroseconds = 1000, NeutralPulseMicroseconds = 1480, MaxPulseMicroseconds = 2000 };
        Assert.Multiple(() =>
        {
            Assert.That(calibration.PulseFor(-1f), Is.EqualTo(1000).Within(1e-6));
            Assert.That(calibration.PulseFor(1f), Is.EqualTo(2000).Within(1e-6));
            Assert.That(calibration.PulseFor(0f), Is.EqualTo(1480).Within(1e-6));
        });
    }

    [Test]
    public void Validate_PulseOutsideSafeRange_NamesTheField()
    {
        var calibration = new PulseCalibration { MaxPulseMicroseconds = 2600 };
        var e = Assert.Throws<ArgumentOutOfRangeException>(calibration.Validate);
        Assert.That(e!.ParamName, Is.EqualTo(nameof(PulseCalibration.MaxPulseMicroseconds)));
        Assert.That(e.Message, Does.Contain("500–2500"));
    }

    [Test]
    public void Validate_MinAboveMax_IsRejected()
    {
        var calibration = new PulseCalibration { MinPulseMicroseconds = 1900, NeutralPulseMicroseconds = 1900, MaxPulseMicroseconds = 1100 };
        Assert.That(calibration.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("min_pulse_us"));
    }

    [Test]
    public void Validate_ReversedUnidirectional_IsRejected()
    {
        var calibration = PulseCalibration.UnidirectionalEsc with { Reversed = true };
        Assert.That(calibration.Validate, Throws.ArgumentException.With.Message.Contains("bidirectional"));
    }
}
