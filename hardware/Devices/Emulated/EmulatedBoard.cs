// The emulated board: emulated I2C chips, PWM channels and GPIO lines that drivers open like a Pi's, and a simulator drives.
using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;
using DrlRobot.Hardware.Config;

namespace DrlRobot.Hardware.Devices.Emulated;

/// <summary>
/// A board in memory. Chips are added first (what is "soldered on"); drivers then open them through
/// <see cref="IHardwareBuses"/> exactly as on a Pi, and a missing chip fails the same way a missing one on a Pi
/// does. The simulator keeps the board and reads and writes the chips while the drivers run.
/// </summary>
public sealed class EmulatedBoard : IHardwareBuses
{
    private readonly Dictionary<(int Bus, int Address), EmulatedI2cDevice> _i2c = [];
    private readonly Dictionary<(int Chip, int Channel), EmulatedPwmChannel> _pwm = [];
    private readonly HashSet<int> _pwmChips = [];
    private GpioController? _controller;

    /// <summary>The emulated GPIO lines.</summary>
    public EmulatedGpioDriver GpioDriver { get; } = new();

    /// <summary>Solders a PCA9685 onto the board.</summary>
    public EmulatedPca9685 AddPca9685(int bus, int address, double oscillatorHz) =>
        Add(new EmulatedPca9685(bus, address, oscillatorHz));

    /// <summary>Solders an MPU-6050 onto the board.</summary>
    public EmulatedMpu6050 AddMpu6050(int bus, int address) => Add(new EmulatedMpu6050(bus, address));

    /// <summary>Solders a BNO055 onto the board.</summary>
    public EmulatedBno055 AddBno055(int bus, int address) => Add(new EmulatedBno055(bus, address));

    /// <summary>Makes pwmchip<paramref name="chip"/> present.</summary>
    public void AddPwmChip(int chip) => _pwmChips.Add(chip);

    /// <summary>The chip at an address, for the simulator.</summary>
    public T Chip<T>(int bus, int address)
        where T : EmulatedI2cDevice =>
        _i2c.TryGetValue((bus, address), out EmulatedI2cDevice? chip) && chip is T typed
            ? typed
            : throw new KeyNotFoundException($"no {typeof(T).Name} at 0x{address:X2} on emulated I2C bus {bus}");

    /// <summary>A PWM channel a driver opened, or null before it is opened.</summary>
    public EmulatedPwmChannel? Pwm(int chip, int channel) => _pwm.GetValueOrDefault((chip, channel));

    /// <inheritdoc/>
    public I2cDevice OpenI2c(int busId, int address) =>
        _i2c.TryGetValue((busId, address), out EmulatedI2cDevice? chip)
            ? chip
            : throw new IOException($"no device answers at 0x{address:X2} on emulated I2C bus {busId}");

    /// <inheritdoc/>
    public PwmChannel OpenPwm(int chip, int channel, int frequencyHz)
    {
        if (!_pwmChips.Contains(chip))
        {
            throw new IOException($"PWM chip {chip} not found on the emulated board");
        }
        var pwm = new EmulatedPwmChannel(chip, channel, frequencyHz, 0.0);
        _pwm[(chip, channel)] = pwm;
        return pwm;
    }

    /// <inheritdoc/>
    public GpioController Gpio() => _controller ??= GpioDriver.CreateController();

    /// <inheritdoc/>
    public void Dispose()
    {
        _controller?.Dispose();
        GpioDriver.Dispose();
    }

    private T Add<T>(T chip)
        where T : EmulatedI2cDevice
    {
        var key = (chip.ConnectionSettings.BusId, chip.ConnectionSettings.DeviceAddress);
        if (!_i2c.TryAdd(key, chip))
        {
            throw new InvalidOperationException($"emulated I2C bus {key.BusId} already has a chip at 0x{key.DeviceAddress:X2}");
        }
        return chip;
    }
}
