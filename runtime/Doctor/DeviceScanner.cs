// Finds the device nodes a robot may use (GPIO chips, PWM chips, I2C buses, serial ports) and whether this user
// may open them. The roots are parameters so that tests can point the scanner at a fake /dev and /sys.
using System.Runtime.InteropServices;

namespace DrlRobot.Runtime.Doctor;

/// <summary>One device node and whether the current user may read and write it.</summary>
/// <param name="Path">Device node or sysfs directory.</param>
/// <param name="Accessible">True when the user may open it for reading and writing.</param>
/// <param name="Detail">What the node is, for people (for example the number of PWM channels).</param>
public sealed record DeviceNode(string Path, bool Accessible, string Detail);

/// <summary>Lists device nodes under a /dev and a /sys root.</summary>
public sealed partial class DeviceScanner(string devRoot = "/dev", string sysRoot = "/sys")
{
    private const int ReadWrite = 6; // R_OK | W_OK

    /// <summary>GPIO character devices (/dev/gpiochipN).</summary>
    public IReadOnlyList<DeviceNode> GpioChips() =>
        List(devRoot, "gpiochip*", path => Label(sysRoot, "bus/gpio/devices", Path.GetFileName(path)));

    /// <summary>PWM chips (/sys/class/pwm/pwmchipN); accessible means its export file is writable.</summary>
    public IReadOnlyList<DeviceNode> PwmChips()
    {
        string root = Path.Combine(sysRoot, "class", "pwm");
        if (!Directory.Exists(root))
        {
            return [];
        }
        return Directory.EnumerateFileSystemEntries(root, "pwmchip*")
            .Order(StringComparer.Ordinal)
            .Select(chip =>
            {
                string channels = ReadTrimmed(Path.Combine(chip, "npwm")) ?? "?";
                return new DeviceNode(chip, CanReadWrite(Path.Combine(chip, "export")), $"{channels} channel(s)");
            })
            .ToList();
    }

    /// <summary>I2C bus adapters (/dev/i2c-N).</summary>
    public IReadOnlyList<DeviceNode> I2cBuses() =>
        List(devRoot, "i2c-*", path => ReadTrimmed(Path.Combine(sysRoot, "class", "i2c-dev", Path.GetFileName(path), "name")) ?? "");

    /// <summary>
    /// Serial ports: USB adapters, ACM devices (most microcontroller boards), the Pi's UARTs and its serialN aliases,
    /// and those 8250 ports whose UART type says a chip is really there.
    /// </summary>
    public IReadOnlyList<DeviceNode> SerialPorts()
    {
        var ports = new List<DeviceNode>();
        foreach (string pattern in new[] { "ttyUSB*", "ttyACM*", "ttyAMA*", "serial*" })
        {
            ports.AddRange(List(devRoot, pattern, _ => ""));
        }
        ports.AddRange(List(devRoot, "ttyS*", _ => "").Where(port =>
            ReadTrimmed(Path.Combine(sysRoot, "class", "tty", Path.GetFileName(port.Path), "type")) is { } type && type != "0"));
        return ports;
    }

    private static List<DeviceNode> List(string root, string pattern, Func<string, string> describe)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }
        return Directory.EnumerateFileSystemEntries(root, pattern)
            .Order(StringComparer.Ordinal)
            .Select(path => new DeviceNode(path, CanReadWrite(path), describe(path)))
            .ToList();
    }

    private static string Label(string sysRoot, string relative, string name) =>
        ReadTrimmed(Path.Combine(sysRoot, relative, name, "label")) ?? "";

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool CanReadWrite(string path) =>
        OperatingSystem.IsWindows() ? File.Exists(path) : Access(path, ReadWrite) == 0;

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}
