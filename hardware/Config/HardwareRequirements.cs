// What a config needs from the machine (I2C buses, PWM chips, GPIO chip, serial port, UDP ports) and whether it is there.
using System.Net;
using System.Net.Sockets;

namespace DrlRobot.Hardware.Config;

/// <summary>One thing a config needs, whether it is present and usable, and how to fix it when not.</summary>
/// <param name="User">The device, actuator or section that needs it.</param>
/// <param name="Needs">What, as a path or resource ("/dev/i2c-1").</param>
/// <param name="Ok">Present and openable by this user.</param>
/// <param name="Detail">"ok", or what is wrong and what fixes it.</param>
public sealed record RequirementCheck(string User, string Needs, bool Ok, string Detail);

/// <summary>
/// Checks a config's needs without opening any device, for <c>drl-run doctor</c>: files are tested for presence
/// and for read/write permission only (opening a device node or sysfs file for writing writes nothing).
/// </summary>
public static class HardwareRequirements
{
    /// <summary>Every need of <paramref name="config"/>, in config order, deduplicated.</summary>
    public static IReadOnlyList<RequirementCheck> Check(HardwareConfig config, string devDirectory = "/dev", string pwmDirectory = "/sys/class/pwm")
    {
        ArgumentNullException.ThrowIfNull(config);
        var checks = new List<RequirementCheck>();
        var seen = new HashSet<string>();
        void Add(string user, string needs, Func<(bool Ok, string Detail)> probe)
        {
            if (seen.Add(needs))
            {
                (bool ok, string detail) = config.Board == Boards.Emulated && !needs.StartsWith("udp:", StringComparison.Ordinal)
                    ? (true, "emulated")
                    : probe();
                checks.Add(new RequirementCheck(user, needs, ok, detail));
            }
        }
        bool usesGpio = config.KillSwitch is not null || config.Actuators.Any(a => a.DirectionPins is not null)
            || config.Devices.Any(d => d.GpioPins().Any());
        if (usesGpio)
        {
            string chip = Path.Combine(devDirectory, $"gpiochip{config.GpioChip ?? 0}");
            Add("gpio", chip, () => Node(chip, "check gpio_chip (a Pi 5 on a kernel before 6.6.45 has its header on gpiochip4)", "add the user to the gpio group"));
        }
        foreach (DeviceConfig device in config.Devices)
        {
            switch (device.Type)
            {
                case DeviceTypes.Pca9685 or DeviceTypes.Mpu6050 or DeviceTypes.Bno055:
                    string bus = Path.Combine(devDirectory, $"i2c-{device.I2cBus}");
                    Add(device.Name, bus, () => Node(bus, "enable I2C: dtparam=i2c_arm=on in config.txt", "add the user to the i2c group"));
                    break;
                case DeviceTypes.PiPwm:
                    string export = Path.Combine(pwmDirectory, $"pwmchip{device.Chip}", "export");
                    Add(device.Name, export, () => Node(export, "enable PWM: dtoverlay=pwm-2chan in config.txt", "add a udev rule giving the gpio group the pwm sysfs files (README)"));
                    break;
                case DeviceTypes.UdpState:
                    Add(device.Name, $"udp:{device.Port}", () => UdpFree(device.ListenAddress ?? "0.0.0.0", device.Port!.Value));
                    break;
                default:
                    break;
            }
        }
        if (config.Link is { } link)
        {
            Add("link", link.Port, () => Node(link.Port, "plug in the microcontroller or fix link.port", "add the user to the dialout group"));
        }
        return checks;
    }

    private static (bool, string) Node(string path, string missingHint, string permissionHint)
    {
        if (!File.Exists(path))
        {
            return (false, $"missing; {missingHint}");
        }
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            return (true, "ok");
        }
        catch (UnauthorizedAccessException)
        {
            return (false, $"permission denied; {permissionHint}");
        }
        catch (IOException e)
        {
            return (false, $"cannot open: {e.Message}");
        }
    }

    private static (bool, string) UdpFree(string address, int port)
    {
        try
        {
            using var probe = new UdpClient(new IPEndPoint(IPAddress.Parse(address), port));
            return (true, "ok");
        }
        catch (SocketException e)
        {
            return (false, $"cannot listen: {e.Message}");
        }
    }
}
