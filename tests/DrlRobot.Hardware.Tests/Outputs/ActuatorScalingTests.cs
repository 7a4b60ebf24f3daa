// The mapping from actuator units to a signed fraction of full output, on symmetric and one-sided ranges.
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Tests.Outputs;

public class ActuatorScalingTests
{
    private static readonly ActuatorRange Symmetric = new(-1f, 1f, 0f);

    [TestCase(0f, 0f)]
    [TestCase(1f, 1f)]
    [TestCase(-1f, -1f)]
    [TestCase(0.5f, 0.5f)]
    [TestCase(-0.25f, -0.25f)]
    [TestCase(3f, 1f)]
    [TestCase(-3f, -1f)]
    public void Normalize_SymmetricRange_IsIdentityClamped(float value, float expected) =>
        Assert.That(ActuatorScaling.Normalize(value, Symmetric), Is.EqualTo(expected).Within(1e-6));

    [Test]
    public void Normalize_AsymmetricRange_ScalesEachSideSeparately()
    {
        var range = new ActuatorRange(-2f, 10f, 0f);
        Assert.Multiple(() =>
        {
            Assert.That(ActuatorScaling.Normalize(5f, range), Is.EqualTo(0.5f).Within(1e-6));
            Assert.That(ActuatorScaling.Normalize(-1f, range), Is.EqualTo(-0.5f).Within(1e-6));
        });
    }

    [Test]
    public void Normalize_OneSidedRange_NeverGoesNegative()
    {
        var range = new ActuatorRange(0f, 1f, 0f);
        Assert.Multiple(() =>
        {
            Assert.That(ActuatorScaling.Normalize(-0.5f, range), Is.Zero);
            Assert.That(ActuatorScaling.Normalize(0.75f, range), Is.EqualTo(0.75f).Within(1e-6));
        });
    }

    [Test]
    public void Normalize_NaN_IsNeutral() =>
        Assert.That(ActuatorScaling.Normalize(float.NaN, Symmetric), Is.Zero);

    [Test]
    public void ApplyDeadband_InsideBandIsZeroAndOutsideIsContinuous()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ActuatorScaling.ApplyDeadband(0.05f, 0.1f), Is.Zero);
            Assert.That(ActuatorScaling.ApplyDeadband(-0.1f, 0.1f), Is.Zero);
            Assert.That(ActuatorScaling.ApplyDeadband(0.1001f, 0.1f), Is.EqualTo(0f).Within(1e-3));
            Assert.That(ActuatorScaling.ApplyDeadband(0.55f, 0.1f), Is.EqualTo(0.5f).Within(1e-6));
            Assert.That(ActuatorScaling.ApplyDeadband(-1f, 0.1f), Is.EqualTo(-1f).Within(1e-6));
        });
    }

    [Test]
    public void ToSignedFraction_Reversed_FlipsTheSign() =>
        Assert.That(ActuatorScaling.ToSignedFraction(0.5f, Symmetric, 0f, reversed: true), Is.EqualTo(-0.5f).Within(1e-6));
}
