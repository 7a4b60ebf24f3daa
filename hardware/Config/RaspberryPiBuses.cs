// A Raspberry Pi's buses: /dev/i2c-N, /sys/class/pwm/pwmchipN and the GPIO chip, checked before opening.
using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.I2c;
using System.Device.Pwm;

namespace DrlRobot.Hardware.Config;

/// <summary>
/// Opens real devices. Each bus is checked for presence first, so a disabled interface fails with a line that says
/// which file is missing and what enables it, instead of a native error.
/// </summary>
/// <param name="gpioChip">libgpiod chip number, or null to let System.Device.Gpio choose.</param>
/// <param name="devDirectory">Where i2c-N device nodes live (tests point it elsewhere).</param>
/// <param name="pwmDirectory">Where the pwmchipN folders live (tests point it elsewhere).</param>
public sealed class RaspberryPiBuses(int? gpioChip = null, string devDirectory = "/dev", string pwmDirectory = "/sys/class/pwm")
    : IHardwareBuses
{
    private GpioController? _gpio;

    /// <inheritdoc/>
    public I2cDevice OpenI2c(int busId, int address)
    {
        string node = Path.Combine(devDirectory, $"i2c-{busId}");
        if (!File.Exists(node))
        {
            throw new IOException($"I2C bus {busId} not found ({node} is missing; enable I2C with dtparam=i2c_arm=on in config.txt)");
        }
        try
        {
            return I2cDevice.Create(new I2cConnectionSettings(busId, address));
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"cannot open I2C bus {busId} at 0x{address:X2}: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public PwmChannel OpenPwm(int chip, int channel, int frequencyHz)
    {
        string folder = Path.Combine(pwmDirectory, $"pwmchip{chip}");
        if (!Directory.Exists(folder))
        {
            throw new IOException($"PWM chip {chip} not found ({folder} is missing; enable it with dtoverlay=pwm-2chan in config.txt)");
        }
        try
        {
            return PwmChannel.Create(chip, channel, frequencyHz, 0.0);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"cannot open pwmchip{chip}/pwm{channel}: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public GpioController Gpio()
    {
        if (_gpio is not null)
        {
            return _gpio;
        }
        if (gpioChip is not int chip)
        {
            try
            {
                return _gpio = new GpioController();
            }
            catch (Exception e) when (e is not IOException)
            {
                throw new IOException($"cannot open the default GPIO chip (set gpio_chip in the config): {e.Message}", e);
            }
        }
        // libgpiod 2.x (Debian trixie, libgpiod.so.3) needs the v2 driver; 1.6 (bookworm's libgpiod2 package) the v1 one.
        try
        {
            return _gpio = new GpioController(new LibGpiodV2Driver(chip));
        }
        catch (Exception v2) when (v2 is not IOException)
        {
            try
            {
                return _gpio = new GpioController(new LibGpiodDriver(chip));
            }
            catch (Exception v1)
            {
                throw new IOException($"cannot open gpiochip{chip} with libgpiod v2 ({v2.Message}) or v1 ({v1.Message})", v1);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gpio?.Dispose();
}
