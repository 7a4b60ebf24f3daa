// Register-level driver for the PCA9685 over an I2cDevice: prescaler with oscillator correction, one-transfer channel writes.
using System.Device.I2c;
using System.Device.Pwm;

namespace DrlRobot.Hardware.Devices.Pca9685;

/// <summary>
/// A PCA9685 board. Written at register level rather than through Iot.Device.Pwm.Pca9685 because it converts pulse
/// widths with the frequency the rounded prescaler actually gives and a measured oscillator, and writes a channel's
/// four registers in one allocation-free transfer. Bus failures throw <see cref="IOException"/>; the outputs built on
/// it catch them and report status. Disposing turns every channel fully off and puts the chip to sleep: an ESC that
/// loses its signal stops, and a servo goes limp.
/// </summary>
public sealed class Pca9685Device : IDisposable
{
    private readonly I2cDevice _device;
    private readonly bool _ownsDevice;
    private readonly bool[] _channelInUse = new bool[Pca9685Counter.Channels];
    private bool _disposed;

    /// <summary>Resets and configures the chip: all outputs off, totem-pole drive, prescaler, auto-increment, awake.</summary>
    public Pca9685Device(I2cDevice device, Pca9685Settings settings, bool ownsDevice = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _device = device;
        _ownsDevice = ownsDevice;
        Settings = settings;
        try
        {
            // Sleep first: the prescaler ignores writes while the oscillator runs.
            WriteRegister(Pca9685Register.Mode1, (byte)(Pca9685Mode.Sleep | Pca9685Mode.AutoIncrement));
            WriteAll(0, Pca9685Counter.FullBit << 8);
            WriteRegister(Pca9685Register.Mode2, (byte)Pca9685Mode.OutputDrive);
            WriteRegister(Pca9685Register.Prescale, (byte)settings.Prescale);
            WriteRegister(Pca9685Register.Mode1, (byte)Pca9685Mode.AutoIncrement);
            // The oscillator needs 500 µs to settle before RESTART.
            Thread.Sleep(1);
            WriteRegister(Pca9685Register.Mode1, (byte)(Pca9685Mode.Restart | Pca9685Mode.AutoIncrement));
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"PCA9685 at 0x{settings.Address:X2}: {e.Message}", e);
        }
    }

    /// <summary>The settings the chip was configured with.</summary>
    public Pca9685Settings Settings { get; }

    /// <summary>The PWM frequency the chip produces, Hz.</summary>
    public double FrequencyHz => Settings.ActualFrequencyHz;

    /// <summary>Length of one PWM period, µs.</summary>
    public double PeriodMicroseconds => 1e6 / Settings.ActualFrequencyHz;

    /// <summary>Counts (of 4096) that produce a pulse of <paramref name="microseconds"/>.</summary>
    public int CountsFor(double microseconds) =>
        Math.Clamp((int)Math.Round(microseconds / PeriodMicroseconds * Pca9685Counter.Steps), 0, Pca9685Counter.Steps);

    /// <summary>Sets channel <paramref name="channel"/> to a duty cycle in [0, 1] (0 is full off, 1 full on).</summary>
    public void SetDutyCycle(int channel, double dutyCycle)
    {
        CheckChannel(channel);
        int counts = Math.Clamp((int)Math.Round(dutyCycle * Pca9685Counter.Steps), 0, Pca9685Counter.Steps);
        WriteChannel(channel, counts);
    }

    /// <summary>Sets channel <paramref name="channel"/> to a pulse of <paramref name="microseconds"/> each period.</summary>
    public void SetPulseMicroseconds(int channel, double microseconds)
    {
        CheckChannel(channel);
        WriteChannel(channel, CountsFor(microseconds));
    }

    /// <summary>
    /// A <see cref="PwmChannel"/> view of one channel, so ESCs, servos and H-bridges use the same code on a PCA9685
    /// as on the Pi's own PWM. The board stays owned by this object; each channel can be taken once.
    /// </summary>
    public PwmChannel CreatePwmChannel(int channel)
    {
        CheckChannel(channel);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_channelInUse[channel])
        {
            throw new InvalidOperationException($"PCA9685 channel {channel} is already in use");
        }
        _channelInUse[channel] = true;
        return new Pca9685PwmChannel(this, channel);
    }

    /// <summary>Turns every channel fully off, then sleeps the oscillator; never throws.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            WriteAll(0, Pca9685Counter.FullBit << 8);
            WriteRegister(Pca9685Register.Mode1, (byte)(Pca9685Mode.Sleep | Pca9685Mode.AutoIncrement));
        }
        catch (Exception)
        {
            // Nothing more can be done for a chip that no longer answers; its outputs stop when power goes.
        }
        if (_ownsDevice)
        {
            _device.Dispose();
        }
    }

    internal void ReleaseChannel(int channel) => _channelInUse[channel] = false;

    private void WriteChannel(int channel, int counts)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // ON at count 0 and OFF at `counts`; 0 and 4096 use the full-off / full-on bits, which glitch-free
        // express 0 % and 100 %.
        int on = counts >= Pca9685Counter.Steps ? Pca9685Counter.FullBit << 8 : 0;
        int off = counts <= 0 ? Pca9685Counter.FullBit << 8 : counts >= Pca9685Counter.Steps ? 0 : counts;
        Span<byte> buffer = stackalloc byte[5];
        buffer[0] = (byte)((int)Pca9685Register.Led0OnLow + 4 * channel);
        Fill(buffer[1..], on, off);
        _device.Write(buffer);
    }

    private void WriteAll(int on, int off)
    {
        Span<byte> buffer = stackalloc byte[5];
        buffer[0] = (byte)Pca9685Register.AllLedOnLow;
        Fill(buffer[1..], on, off);
        _device.Write(buffer);
    }

    private static void Fill(Span<byte> registers, int on, int off)
    {
        registers[0] = (byte)(on & 0xFF);
        registers[1] = (byte)(on >> 8);
        registers[2] = (byte)(off & 0xFF);
        registers[3] = (byte)(off >> 8);
    }

    private void WriteRegister(Pca9685Register register, byte value)
    {
        Span<byte> buffer = [(byte)register, value];
        _device.Write(buffer);
    }

    private static void CheckChannel(int channel)
    {
        if (channel is < 0 or >= Pca9685Counter.Channels)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "PCA9685 channels are 0–15");
        }
    }
}
