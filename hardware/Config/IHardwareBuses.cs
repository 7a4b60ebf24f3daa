// The buses a robot's devices are opened on: a Raspberry Pi's real ones, or the emulated board's.
using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;

namespace DrlRobot.Hardware.Config;

/// <summary>
/// Opens I2C devices, PWM channels and the GPIO controller. Failures throw <see cref="IOException"/> with one line
/// saying what is missing; the factory prefixes the device's name.
/// </summary>
public interface IHardwareBuses : IDisposable
{
    /// <summary>The chip at <paramref name="address"/> on I2C bus <paramref name="busId"/>.</summary>
    I2cDevice OpenI2c(int busId, int address);

    /// <summary>PWM <paramref name="channel"/> of <paramref name="chip"/> at <paramref name="frequencyHz"/>, stopped, duty 0.</summary>
    PwmChannel OpenPwm(int chip, int channel, int frequencyHz);

    /// <summary>The GPIO controller (one per robot, owned by the buses).</summary>
    GpioController Gpio();
}
