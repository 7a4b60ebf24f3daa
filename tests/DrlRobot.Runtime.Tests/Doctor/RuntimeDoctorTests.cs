// drl-run doctor: ONNX Runtime really runs a model, and device nodes are found under fake /dev and /sys trees.
using DrlRobot.Cli;
using DrlRobot.Runtime.Doctor;

namespace DrlRobot.Runtime.Tests.Doctor;

public class RuntimeDoctorTests
{
    private string _root = "";

    [SetUp]
    public void CreateFakeTree()
    {
        _root = Path.Combine(Path.GetTempPath(), "drl-doctor-" + Guid.NewGuid().ToString("N"));
        string dev = Path.Combine(_root, "dev"), sys = Path.Combine(_root, "sys");
        Directory.CreateDirectory(dev);
        foreach (string node in new[] { "gpiochip0", "gpiochip4", "i2c-1", "ttyUSB0", "ttyACM0", "ttyS0", "ttyS1", "null" })
        {
            File.WriteAllText(Path.Combine(dev, node), "");
        }
        Write(sys, "class/pwm/pwmchip0/npwm", "2\n");
        Write(sys, "class/pwm/pwmchip0/export", "");
        Write(sys, "class/i2c-dev/i2c-1/name", "bcm2835 (i2c@7e804000)\n");
        Write(sys, "class/tty/ttyS0/type", "4\n");
        Write(sys, "class/tty/ttyS1/type", "0\n");
        Write(sys, "bus/gpio/devices/gpiochip4/label", "pinctrl-rp1\n");
    }

    [TearDown]
    public void RemoveFakeTree() => Directory.Delete(_root, recursive: true);

    private static void Write(string root, string relative, string content)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Test]
    public void Scanner_FindsEveryKindOfDeviceNode()
    {
        var scanner = new DeviceScanner(Path.Combine(_root, "dev"), Path.Combine(_root, "sys"));
        Assert.Multiple(() =>
        {
            Assert.That(scanner.GpioChips().Select(n => Path.GetFileName(n.Path)), Is.EqualTo(new[] { "gpiochip0", "gpiochip4" }));
            Assert.That(scanner.GpioChips()[1].Detail, Is.EqualTo("pinctrl-rp1"));
            Assert.That(scanner.PwmChips().Single().Detail, Is.EqualTo("2 channel(s)"));
            Assert.That(scanner.I2cBuses().Single().Detail, Is.EqualTo("bcm2835 (i2c@7e804000)"));
        });
    }

    [Test]
    public void Scanner_ListsSerialPortsButSkipsUartsWithoutAChip()
    {
        var scanner = new DeviceScanner(Path.Combine(_root, "dev"), Path.Combine(_root, "sys"));
        string[] ports = scanner.SerialPorts().Select(n => Path.GetFileName(n.Path)).ToArray();
        Assert.That(ports, Is.EquivalentTo(new[] { "ttyUSB0", "ttyACM0", "ttyS0" }));
    }

    [Test]
    public void Scanner_ReportsNothingWhereThereIsNoDevice()
    {
        var scanner = new DeviceScanner(Path.Combine(_root, "missing-dev"), Path.Combine(_root, "missing-sys"));
        Assert.That(scanner.GpioChips().Count + scanner.PwmChips().Count + scanner.I2cBuses().Count + scanner.SerialPorts().Count,
                    Is.Zero);
    }

    [Test]
    public void Run_LoadsOnnxRuntimeAndRunsItsProbeModel()
    {
        RuntimeReport report = RuntimeDoctor.Run(new DeviceScanner(Path.Combine(_root, "dev"), Path.Combine(_root, "sys")));
        Assert.Multiple(() =>
        {
            Assert.That(report.OnnxruntimeLoaded, Is.True);
            Assert.That(report.Checks[0].Status, Is.EqualTo(CheckStatus.Ok));
            Assert.That(report.Providers, Does.Contain("CPUExecutionProvider"));
            Assert.That(report.GpioChips, Has.Count.EqualTo(2));
            Assert.That(report.Ok, Is.True);
        });
    }
}
