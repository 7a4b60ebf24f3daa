// Differential-drive odometry: straight lines, turning on the spot, and an arc closing into a circle.
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Hardware.Tests.Inputs;

public class WheelOdometryTests
{
    [Test]
    public void EqualWheelTurns_DriveStraightAhead()
    {
        var odometry = new WheelOdometry(wheelRadiusMetres: 0.05, trackWidthMetres: 0.3);
        odometry.Update(2 * Math.PI, 2 * Math.PI, 1.0);
        Assert.Multiple(() =>
        {
            Assert.That(odometry.X, Is.EqualTo(2 * Math.PI * 0.05).Within(1e-9));
            Assert.That(odometry.Y, Is.EqualTo(0).Within(1e-9));
            Assert.That(odometry.Speed, Is.EqualTo(2 * Math.PI * 0.05).Within(1e-9));
        });
    }

    [Test]
    public void OppositeWheelTurns_RotateOnTheSpotCounterClockwiseWhenRightIsForward()
    {
        var odometry = new WheelOdometry(0.05, 0.3);
        // Right forward by the arc of a quarter turn about the centre: (π/2 × 0.15) / 0.05 rad of wheel.
        double wheel = Math.PI / 2 * 0.15 / 0.05;
        odometry.Update(-wheel, wheel, 0.5);
        Assert.Multiple(() =>
        {
            Assert.That(odometry.Heading, Is.EqualTo(Math.PI / 2).Within(1e-9));
            Assert.That(odometry.X, Is.EqualTo(0).Within(1e-9));
            Assert.That(odometry.YawRate, Is.EqualTo(Math.PI).Within(1e-9));
        });
    }

    [Test]
    public void ConstantArcInSmallSteps_ClosesACircle()
    {
        var odometry = new WheelOdometry(0.05, 0.3);
        for (int i = 0; i < 1000; i++)
        {
            odometry.Update(0.010, 0.014, 0.01);
        }
        double turn = 1000 * (0.004 * 0.05 / 0.3);
        double radius = (0.012 * 0.05) / (0.004 * 0.05 / 0.3);
        Assert.Multiple(() =>
        {
            Assert.That(odometry.X, Is.EqualTo(radius * Math.Sin(turn)).Within(1e-9));
            Assert.That(odometry.Y, Is.EqualTo(radius * (1 - Math.Cos(turn))).Within(1e-9));
        });
    }
}
