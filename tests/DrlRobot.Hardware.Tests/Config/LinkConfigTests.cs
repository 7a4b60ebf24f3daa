// Actuators and observations that live on the microcontroller at the far end of the serial link ("link").
using DrlRobot.Hardware.Config;

namespace DrlRobot.Hardware.Tests.Config;

public class LinkConfigTests
{
    private static HardwareConfig LanderSerial() =>
        HardwareConfigJson.Load(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", "lander-serial.json"));

    [Test]
    public void LanderSerial_NamesTheLanderContractInOrder()
    {
        HardwareConfig config = LanderSerial();
        Assert.Multiple(() =>
        {
            Assert.That(config.Link!.Port, Is.EqualTo("/dev/ttyACM0"));
            Assert.That(config.Actuators.Select(a => a.Name), Is.EqualTo(new[] { "main", "lateral" }));
            Assert.That(config.Actuators.Select(a => a.Kind), Is.All.EqualTo(ActuatorKinds.Link));
            Assert.That(config.Observations.Select(o => o.Source), Is.All.EqualTo(ObservationSources.Link));
            Assert.DoesNotThrow(() => config.CheckAgainstModel(["main", "lateral"],
                ["x", "y", "vx", "vy", "angle", "angular_velocity", "left_leg_contact", "right_leg_contact"]));
        });
    }

    [Test]
    public void LinkActuator_WithoutALinkSection_IsNamed()
    {
        HardwareConfig config = LanderSerial();
        var e = Assert.Throws<HardwareConfigException>(() => (config with { Link = null, Observations = [] }).Validate());
        Assert.That(e!.Field, Is.EqualTo("actuators[0] (main).kind"));
    }

    [Test]
    public void LinkActuator_WithACalibration_IsRefused()
    {
        HardwareConfig config = LanderSerial();
        var bad = config with { Actuators = [config.Actuators[0] with { Calibration = new CalibrationConfig { MinPulseUs = 1100 } }, config.Actuators[1]] };
        var e = Assert.Throws<HardwareConfigException>(() => bad.Validate());
        Assert.That(e!.Message, Does.Contain("calibrated in the firmware"));
    }

    [Test]
    public void LinkObservation_WithAScale_IsNamed()
    {
        HardwareConfig config = LanderSerial();
        var bad = config with { Observations = [.. config.Observations.Take(7), config.Observations[7] with { Scale = 2f }] };
        var e = Assert.Throws<HardwareConfigException>(() => bad.Validate());
        Assert.That(e!.Field, Is.EqualTo("observations[7] (right_leg_contact).value"));
    }

    [Test]
    public void LinkConfig_CannotBeOpenedOnThePisBuses()
    {
        var e = Assert.Throws<HardwareConfigException>(() => HardwareFactory.Open(LanderSerial(), new DrlRobot.Hardware.Devices.Emulated.EmulatedBoard(), ownsBuses: true));
        Assert.That(e!.Field, Is.EqualTo("link"));
    }
}
