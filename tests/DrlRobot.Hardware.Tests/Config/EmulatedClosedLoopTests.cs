// The rover-emulated path closed around a toy plant: commands go through the H-bridge drivers to the emulated board,
// the plant moves the wheels, and encoder edges and IMU registers come back as odometry and rates — what drl-run does
// with the real simulator. A go-to-goal controller must arrive.
using System.Numerics;
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Hardware.Tests.Config;

public class EmulatedClosedLoopTests
{
    [Test]
    public void RoverEmulated_GoToGoalThroughTheDevicePath_Arrives()
    {
        HardwareConfig config = Fakes.RoverOnLoopback.Load();
        using RobotHardware hardware = HardwareFactory.Open(config, out EmulatedRobot? emulated);
        using EmulatedRobot robot = emulated!;
        DeviceConfig wheels = config.Devices.Single(d => d.Type == DeviceTypes.WheelEncoders);
        double r = wheels.WheelRadiusM!.Value, track = wheels.TrackWidthM!.Value;
        const double dt = 0.02, maxWheelRate = 12.0; // rad/s of wheel at full command
        // Odometry (pose from the encoders) and the IMU's rate, read as the devices report them.
        var names = OdometryInput.Names.ToList();
        int ix = names.IndexOf("x"), iy = names.IndexOf("y"), iHeading = names.IndexOf("heading");
        IInputChannel odometry = hardware.Inputs["wheels"], imu = hardware.Inputs["imu"];
        var imuValues = new float[imu.ValueNames.Count];
        int iYawRate = imu.ValueNames.ToList().IndexOf("rate_z");
        (double goalX, double goalY) = (1.0, 0.6);
        // The plant's true state.
        double x = 0, y = 0, heading = 0, left = 0, right = 0;
        var obs = new float[names.Count];
        var delivered = new float[2];
        float yawRateSeen = 0;
        int tick;
        for (tick = 0; tick < 1500; tick++)
        {
            Assert.That(odometry.TryRead(obs, out _) && imu.TryRead(imuValues, out _), Is.True, "the inputs read");
            double dx = goalX - obs[ix], dy = goalY - obs[iy];
            if (Math.Sqrt((dx * dx) + (dy * dy)) < 0.02)
            {
                break;
            }
            double bearing = Math.IEEERemainder(Math.Atan2(dy, dx) - obs[iHeading], 2 * Math.PI);
            float forward = (float)Math.Clamp(2.0 * Math.Sqrt((dx * dx) + (dy * dy)) * Math.Cos(bearing), -0.6, 0.6);
            float turn = (float)Math.Clamp(1.5 * bearing, -0.4, 0.4);
            hardware.Write([forward - turn, forward + turn]);

            // The plant: wheel rates from what the bridge delivers, unicycle kinematics, sensors back onto the board.
            robot.ReadActuators(delivered);
            double wl = delivered[0] * maxWheelRate, wr = delivered[1] * maxWheelRate;
            double v = r * (wl + wr) / 2, omega = r * (wr - wl) / track;
            x += v * Math.Cos(heading + (omega * dt / 2)) * dt;
            y += v * Math.Sin(heading + (omega * dt / 2)) * dt;
            heading += omega * dt;
            left += wl * dt;
            right += wr * dt;
            robot.SetWheelAngles("wheels", left, right);
            robot.SetImu("imu", new Vector3(0, 0, (float)omega), new Vector3(0, 0, 9.81f));
            yawRateSeen = Math.Max(yawRateSeen, Math.Abs(imuValues[iYawRate]));
        }
        Assert.Multiple(() =>
        {
            Assert.That(tick, Is.LessThan(1500), "the rover reached the goal");
            Assert.That(x, Is.EqualTo(goalX).Within(0.05), "true x");
            Assert.That(y, Is.EqualTo(goalY).Within(0.05), "true y");
            Assert.That(yawRateSeen, Is.GreaterThan(0.1f), "the IMU's yaw rate reached the observation while turning");
        });
    }
}
