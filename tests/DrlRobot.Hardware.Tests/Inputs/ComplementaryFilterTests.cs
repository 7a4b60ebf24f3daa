// The complementary filter: gravity initialises it, gyro integration tracks rotation, the accelerometer removes drift.
using System.Numerics;
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Hardware.Tests.Inputs;

public class ComplementaryFilterTests
{
    private const float G = 9.80665f;

    private static Vector3 Gravity(float roll, float pitch) =>
        new(-G * MathF.Sin(pitch), G * MathF.Cos(pitch) * MathF.Sin(roll), G * MathF.Cos(pitch) * MathF.Cos(roll));

    [Test]
    public void FirstUpdate_TakesRollAndPitchFromGravity()
    {
        var filter = new ComplementaryFilter();
        filter.Update(Vector3.Zero, Gravity(0.3f, -0.2f), 0f);
        Assert.Multiple(() =>
        {
            Assert.That(filter.Roll, Is.EqualTo(0.3f).Within(1e-5));
            Assert.That(filter.Pitch, Is.EqualTo(-0.2f).Within(1e-5));
        });
    }

    [Test]
    public void SteadyRoll_IsTrackedByTheGyroAndGravityTogether()
    {
        var filter = new ComplementaryFilter(timeConstantSeconds: 0.5f);
        const float rate = 0.5f, dt = 0.01f;
        filter.Update(Vector3.Zero, Gravity(0, 0), 0f);
        for (int i = 1; i <= 100; i++)
        {
            filter.Update(new Vector3(rate, 0, 0), Gravity(rate * i * dt, 0), dt);
        }
        Assert.That(filter.Roll, Is.EqualTo(0.5f).Within(0.01f));
    }

    [Test]
    public void GyroBias_DoesNotDriftRollBecauseGravityPullsItBack()
    {
        var filter = new ComplementaryFilter(timeConstantSeconds: 0.5f);
        filter.Update(Vector3.Zero, Gravity(0, 0), 0f);
        for (int i = 0; i < 2000; i++)
        {
            filter.Update(new Vector3(0.05f, 0, 0), Gravity(0, 0), 0.01f);
        }
        // A pure integrator would be at 1 rad; the filter settles at bias × τ = 0.025 rad.
        Assert.That(filter.Roll, Is.EqualTo(0.025f).Within(0.003f));
    }

    [Test]
    public void YawIntegratesTheZRateWhenLevel()
    {
        var filter = new ComplementaryFilter();
        filter.Update(Vector3.Zero, Gravity(0, 0), 0f);
        for (int i = 0; i < 100; i++)
        {
            filter.Update(new Vector3(0, 0, 1f), Gravity(0, 0), 0.01f);
        }
        Assert.That(filter.Yaw, Is.EqualTo(1f).Within(1e-3));
    }

    [Test]
    public void HighAcceleration_IsNotTakenForGravity()
    {
        var filter = new ComplementaryFilter(timeConstantSeconds: 0.1f);
        filter.Update(Vector3.Zero, Gravity(0, 0), 0f);
        // Thrust along x at 2 g would tilt the gravity estimate by ~63° if it were trusted.
        for (int i = 0; i < 100; i++)
        {
            filter.Update(Vector3.Zero, Gravity(0, 0) + new Vector3(2 * G, 0, 0), 0.01f);
        }
        Assert.That(filter.Pitch, Is.EqualTo(0f).Within(1e-6));
    }
}
