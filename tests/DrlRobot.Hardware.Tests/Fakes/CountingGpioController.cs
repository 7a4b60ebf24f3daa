// A GPIO controller over the emulated lines that counts pin writes, and either passes them on to GpioController's own
// Write or drops them, so a test can tell what a tick allocates apart from what GpioController.Write allocates.
using System.Device.Gpio;
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Emulated;

namespace DrlRobot.Hardware.Tests.Fakes;

internal sealed class CountingGpioController(EmulatedGpioDriver driver, bool passWritesOn) : GpioController(driver)
{
    /// <summary>Calls of <see cref="Write(int, PinValue)"/>.</summary>
    public long Writes { get; private set; }

    /// <summary>Counts the write; passes it on to GpioController.Write, or drops it (allocating nothing).</summary>
    public override void Write(int pinNumber, PinValue value)
    {
        Writes++;
        if (passWritesOn)
        {
            base.Write(pinNumber, value);
        }
    }
}

/// <summary>The emulated board's buses with <see cref="Gpio"/> swapped for a given controller; disposes neither.</summary>
internal sealed class BoardWithGpio(EmulatedBoard board, GpioController gpio) : IHardwareBuses
{
    public System.Device.I2c.I2cDevice OpenI2c(int busId, int address) => board.OpenI2c(busId, address);

    public System.Device.Pwm.PwmChannel OpenPwm(int chip, int channel, int frequencyHz) => board.OpenPwm(chip, channel, frequencyHz);

    public GpioController Gpio() => gpio;

    public void Dispose()
    {
    }
}
