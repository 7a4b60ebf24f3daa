// Every config shipped in hardware/configs loads and validates; the emulated rover is the real rover on another board.
using DrlRobot.Hardware.Config;

namespace DrlRobot.Hardware.Tests.Config;

public class ShippedConfigTests
{
    private static string ConfigDirectory => Path.Combine(TestPaths.RepoRoot, "hardware", "configs");

    private static IEnumerable<string> ShippedConfigs() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "hardware", "configs"), "*.json").Select(Path.GetFileName)!;

    [TestCaseSource(nameof(ShippedConfigs))]
    public void ShippedConfig_LoadsAndValidates(string file)
    {
        HardwareConfig config = HardwareConfigJson.Load(Path.Combine(ConfigDirectory, file));
        Assert.That(config.Actuators, Is.Not.Empty);
    }

    [Test]
    public void TheRequiredExamplesShip() =>
        Assert.That(ShippedConfigs(), Is.SupersetOf(new[] { "lander3-pca9685.json", "rover-l298n.json", "rover-emulated.json" }));

    [Test]
    public void Lander3_HasThreeEscThrustersOnOnePca9685()
    {
        HardwareConfig config = HardwareConfigJson.Load(Path.Combine(ConfigDirectory, "lander3-pca9685.json"));
        Assert.Multiple(() =>
        {
            Assert.That(config.Actuators.Select(a => a.Name), Is.EqualTo(new[] { "main", "left", "right" }));
            Assert.That(config.Actuators.Select(a => a.Kind), Is.All.EqualTo(ActuatorKinds.Esc));
            Assert.That(config.Actuators.Select(a => config.Device(a.Device)!.Type), Is.All.EqualTo(DeviceTypes.Pca9685));
        });
    }

    [Test]
    public void RoverEmulated_IsTheL298nRoverOnTheEmulatedBoard()
    {
        HardwareConfig real = HardwareConfigJson.Load(Path.Combine(ConfigDirectory, "rover-l298n.json"));
        HardwareConfig emulated = HardwareConfigJson.Load(Path.Combine(ConfigDirectory, "rover-emulated.json"));
        Assert.Multiple(() =>
        {
            Assert.That(emulated.Board, Is.EqualTo(Boards.Emulated));
            Assert.That(real.Board, Is.EqualTo(Boards.RaspberryPi));
            Assert.That(HardwareConfigJson.Serialize(emulated with { Board = Boards.RaspberryPi }), Is.EqualTo(HardwareConfigJson.Serialize(real)));
            Assert.That(real.Actuators.Select(a => a.Kind), Is.All.EqualTo(ActuatorKinds.DcMotor));
            Assert.That(real.Devices.Select(d => d.Type), Does.Contain(DeviceTypes.Mpu6050).And.Contain(DeviceTypes.WheelEncoders));
        });
    }

    [Test]
    public void Serialize_RoundTrips()
    {
        HardwareConfig config = HardwareConfigJson.Load(Path.Combine(ConfigDirectory, "lander3-pca9685.json"));
        string json = HardwareConfigJson.Serialize(config);
        Assert.That(HardwareConfigJson.Serialize(HardwareConfigJson.Parse(json)), Is.EqualTo(json));
    }
}
