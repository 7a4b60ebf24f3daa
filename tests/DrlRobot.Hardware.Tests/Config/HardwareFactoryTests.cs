// Opening shipped configs on the emulated board end to end, and failing cleanly when a bus or chip is missing.
using System.Numerics;
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Outputs;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Config;

public class HardwareFactoryTests
{
    private static HardwareConfig Load(string file) =>
        HardwareConfigJson.Load(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", file));

    [Test]
    public void RoverEmulated_MotorCommandsReachTheBridgeAndReadBackThroughIt()
    {
        HardwareConfig config = RoverOnLoopback.Load();
        using RobotHardware hardware = HardwareFactory.Open(config, out EmulatedRobot? emulated);
        using EmulatedRobot robot = emulated!;
        hardware.Write([0.5f, -0.3f]);
        var delivered = new float[2];
        robot.ReadActuators(delivered);
        float deadband = config.Actuators[0].Calibration.Deadband;
        Assert.Multiple(() =>
        {
            Assert.That(delivered[0], Is.EqualTo(ActuatorScaling.ApplyDeadband(0.5f, deadband)).Within(1e-5));
            Assert.That(delivered[1], Is.EqualTo(ActuatorScaling.ApplyDeadband(-0.3f, deadband)).Within(1e-5));
            // The right motor is wired reversed: its bridge sees the opposite direction of its command.
            Assert.That(robot.Board.GpioDriver.Level(16), Is.EqualTo(System.Device.Gpio.PinValue.High));
            Assert.That(robot.Board.Pwm(0, 1)!.EffectiveDutyCycle, Is.GreaterThan(0.25));
            Assert.That(hardware.Outputs.Select(o => o.Status), Is.All.EqualTo(DeviceStatus.Ok));
        });
    }

    [Test]
    public void RoverEmulated_SimulatedSensorsReachTheObservation()
    {
        HardwareConfig config = RoverOnLoopback.Load();
        using RobotHardware hardware = HardwareFactory.Open(config, out EmulatedRobot? emulated);
        using EmulatedRobot robot = emulated!;
        var obs = new float[config.Observations.Count];
        hardware.Observations!.TryBuild(obs, out _, out _);
        robot.SetImu("imu", new Vector3(0, 0, 0.3f), new Vector3(0, 0, 9.81f));
        robot.SetWheelAngles("wheels", 2 * Math.PI, 2 * Math.PI);
        robot.SendExternalState("tracker", [1.5f, -0.5f, 0.2f, 0f]);
        Assert.That(SpinUntil(() => hardware.Inputs["tracker"].Status == DeviceStatus.Ok), Is.True, "the tracker's datagram arrived");
        var names = hardware.Observations.Names.ToList();
        Assert.That(hardware.Observations.TryBuild(obs, out double age, out int failed), Is.True, $"input {failed} failed");
        var wheels = new float[hardware.Inputs["wheels"].ValueNames.Count];
        hardware.Inputs["wheels"].TryRead(wheels, out _);
        Assert.Multiple(() =>
        {
            Assert.That(wheels[0], Is.EqualTo(2 * Math.PI * 0.035).Within(1e-4), "one wheel turn forward");
            Assert.That(obs[names.IndexOf("wheel_speed_left")], Is.GreaterThan(0f), "the turn shows as a wheel speed");
            Assert.That(obs[names.IndexOf("yaw_rate")], Is.EqualTo(0.3f).Within(0.01f));
            Assert.That(obs[names.IndexOf("goal_x")], Is.EqualTo(1.5f));
            Assert.That(obs[names.IndexOf("goal_y")], Is.EqualTo(-0.5f));
            Assert.That(age, Is.LessThan(1.0));
        });
    }

    private static bool SpinUntil(Func<bool> condition) => SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(2));

    [Test]
    public void RoverEmulated_KillSwitchAndDispose()
    {
        HardwareConfig config = RoverOnLoopback.Load();
        RobotHardware hardware = HardwareFactory.Open(config, out EmulatedRobot? emulated);
        using EmulatedRobot robot = emulated!;
        Assert.That(hardware.KillSwitch!.TryIsActive(out bool before) && !before, Is.True);
        robot.SetKillSwitch(true);
        Assert.That(hardware.KillSwitch.TryIsActive(out bool after) && after, Is.True);
        hardware.Write([1f, 1f]);
        hardware.Dispose();
        var delivered = new float[2];
        robot.ReadActuators(delivered);
        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.EqualTo(new[] { 0f, 0f }));
            Assert.That(robot.Board.GpioDriver.Level(5), Is.EqualTo(System.Device.Gpio.PinValue.Low));
        });
    }

    [Test]
    public void Lander3OnEmulatedPca9685_ArmsThenThrusts()
    {
        HardwareConfig config = LanderOnLoopback.Load();
        using EmulatedRobot robot = EmulatedRobot.Create(config);
        var time = new FakeTime();
        using RobotHardware hardware = HardwareFactory.Open(config, robot.Board, ownsBuses: true, time);
        var delivered = new float[3];
        hardware.Write([0.5f, 1f, 0f]);
        robot.ReadActuators(delivered);
        Assert.Multiple(() =>
        {
            Assert.That(hardware.AllArmed, Is.False);
            Assert.That(delivered, Is.EqualTo(new[] { 0f, 0f, 0f }), "neutral until armed");
        });
        time.Advance(TimeSpan.FromSeconds(3));
        hardware.Write([0.5f, 1f, 0f]);
        robot.ReadActuators(delivered);
        var chip = robot.Board.Chip<EmulatedPca9685>(1, 0x40);
        double countFraction = 1e6 / chip.FrequencyHz / 4096 / 800; // one count of the 800 µs span
        Assert.Multiple(() =>
        {
            Assert.That(hardware.AllArmed, Is.True);
            Assert.That(delivered, Is.EqualTo(new[] { 0.5f, 1f, 0f }).Within(countFraction));
            Assert.That(chip.PulseMicroseconds(0), Is.EqualTo(1500).Within(5));
        });
    }

    [Test]
    public void Lander3OnEmulatedBoard_TrackerAndLegsReachTheObservation()
    {
        HardwareConfig config = LanderOnLoopback.Load();
        using EmulatedRobot robot = EmulatedRobot.Create(config);
        using RobotHardware hardware = HardwareFactory.Open(config, robot.Board, ownsBuses: true);
        robot.SendExternalState("tracker", [5f, 3f, -1f, 0.5f]);
        robot.SetSwitch("left_leg", true);
        var obs = new float[8];
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!hardware.Observations!.TryBuild(obs, out _, out _) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }
        Assert.Multiple(() =>
        {
            Assert.That(obs[0], Is.EqualTo(0.5f).Within(1e-6), "x = 5 m × 0.1");
            Assert.That(obs[2], Is.EqualTo(-0.2f).Within(1e-6), "vx = −1 m/s × 0.2");
            Assert.That(obs[6], Is.EqualTo(1f), "left leg down");
            Assert.That(obs[7], Is.EqualTo(0f), "right leg up");
        });
    }

    [Test]
    public void MissingI2cBus_IsOneLineNamingTheDeviceAndTheFix()
    {
        string empty = Directory.CreateTempSubdirectory("drl-nobus").FullName;
        try
        {
            var buses = new RaspberryPiBuses(devDirectory: empty, pwmDirectory: empty);
            var e = Assert.Throws<IOException>(() => HardwareFactory.Open(Load("lander3-pca9685.json"), buses, ownsBuses: true));
            Assert.Multiple(() =>
            {
                Assert.That(e!.Message, Does.StartWith("pca9685 'thrusters': I2C bus 1 not found"));
                Assert.That(e.Message, Does.Contain("dtparam=i2c_arm=on"));
                Assert.That(e.Message, Does.Not.Contain("\n"));
            });
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Test]
    public void MissingPwmChip_NamesTheActuatorAndClosesWhatWasOpened()
    {
        HardwareConfig config = RoverOnLoopback.Load();
        // A board like the rover's but without its PWM chip.
        var board = new EmulatedBoard();
        var imu = board.AddMpu6050(1, 0x68);
        var e = Assert.Throws<IOException>(() => HardwareFactory.Open(config, board, ownsBuses: false));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.StartWith("dc_motor 'left_motor': PWM chip 0 not found"));
            Assert.That(imu.IsSleeping, Is.True, "the IMU opened before the failure was closed again");
            Assert.That(board.GpioDriver.IsOpen(17), Is.False, "the encoder pins were released");
        });
        board.Dispose();
    }

    [Test]
    public void InvalidConfig_FailsBeforeAnythingOpens()
    {
        HardwareConfig config = RoverOnLoopback.Load();
        var bad = config with { Actuators = [config.Actuators[0], config.Actuators[0]] };
        var board = new EmulatedBoard();
        Assert.Throws<HardwareConfigException>(() => HardwareFactory.Open(bad, board, ownsBuses: true));
        Assert.That(board.GpioDriver.IsOpen(5), Is.False);
    }
}
