// An emulated PCA9685 register map that decodes what a driver wrote into the pulse width on each channel.
using DrlRobot.Hardware.Devices.Pca9685;

namespace DrlRobot.Hardware.Devices.Emulated;

/// <summary>
/// Behaves like the chip where drivers can get it wrong: power-on MODE1 has SLEEP set (outputs off until woken), the
/// prescaler ignores writes unless SLEEP is set, the pointer auto-increments only with MODE1.AI, and ALL_LED writes
/// reach every channel. The oscillator can be set off nominal to test the driver's correction.
/// </summary>
public sealed class EmulatedPca9685 : EmulatedI2cDevice
{
    private readonly byte[] _registers = new byte[256];

    /// <summary>A chip in its power-on state whose oscillator runs at <paramref name="oscillatorHz"/>.</summary>
    public EmulatedPca9685(int busId = 1, int address = 0x40, double oscillatorHz = Pca9685Counter.NominalOscillatorHz)
        : base(busId, address)
    {
        OscillatorHz = oscillatorHz;
        _registers[(int)Pca9685Register.Mode1] = (byte)(Pca9685Mode.Sleep | Pca9685Mode.AllCall);
        _registers[(int)Pca9685Register.Mode2] = (byte)Pca9685Mode.OutputDrive;
        _registers[(int)Pca9685Register.Prescale] = 0x1E;
        for (int channel = 0; channel < Pca9685Counter.Channels; channel++)
        {
            _registers[ChannelBase(channel) + 3] = Pca9685Counter.FullBit;
        }
    }

    /// <summary>The chip's real oscillator frequency, Hz.</summary>
    public double OscillatorHz { get; }

    /// <summary>Current prescaler value.</summary>
    public byte Prescale
    {
        get
        {
            lock (Sync)
            {
                return _registers[(int)Pca9685Register.Prescale];
            }
        }
    }

    /// <summary>True while MODE1.SLEEP is set (oscillator off, every output low).</summary>
    public bool IsSleeping
    {
        get
        {
            lock (Sync)
            {
                return (_registers[(int)Pca9685Register.Mode1] & (byte)Pca9685Mode.Sleep) != 0;
            }
        }
    }

    /// <summary>The PWM frequency the outputs run at, Hz.</summary>
    public double FrequencyHz => OscillatorHz / (Pca9685Counter.Steps * (Prescale + 1.0));

    /// <summary>Value of one register, for tests.</summary>
    public byte Register(int address)
    {
        lock (Sync)
        {
            return _registers[address];
        }
    }

    /// <summary>Counts (0–4096) the channel's output is high per period; 0 while asleep.</summary>
    public int HighCounts(int channel)
    {
        lock (Sync)
        {
            if ((_registers[(int)Pca9685Register.Mode1] & (byte)Pca9685Mode.Sleep) != 0)
            {
                return 0;
            }
            int b = ChannelBase(channel);
            bool fullOff = (_registers[b + 3] & Pca9685Counter.FullBit) != 0;
            bool fullOn = (_registers[b + 1] & Pca9685Counter.FullBit) != 0;
            if (fullOff)
            {
                return 0; // full-off wins over full-on (datasheet §7.3.3)
            }
            if (fullOn)
            {
                return Pca9685Counter.Steps;
            }
            int on = _registers[b] | ((_registers[b + 1] & 0x0F) << 8);
            int off = _registers[b + 2] | ((_registers[b + 3] & 0x0F) << 8);
            return (off - on + Pca9685Counter.Steps) % Pca9685Counter.Steps;
        }
    }

    /// <summary>The pulse width on channel <paramref name="channel"/>, µs (0 when off).</summary>
    public double PulseMicroseconds(int channel) => HighCounts(channel) * 1e6 / (FrequencyHz * Pca9685Counter.Steps);

    /// <summary>The duty cycle on channel <paramref name="channel"/>, in [0, 1].</summary>
    public double DutyCycle(int channel) => HighCounts(channel) / (double)Pca9685Counter.Steps;

    /// <inheritdoc/>
    protected override bool AutoIncrement => (_registers[(int)Pca9685Register.Mode1] & (byte)Pca9685Mode.AutoIncrement) != 0;

    /// <inheritdoc/>
    protected override byte ReadRegister(byte register) => _registers[register];

    /// <inheritdoc/>
    protected override void WriteRegister(byte register, byte value)
    {
        if (register == (byte)Pca9685Register.Prescale)
        {
            if ((_registers[(int)Pca9685Register.Mode1] & (byte)Pca9685Mode.Sleep) != 0)
            {
                _registers[register] = Math.Max(value, (byte)Pca9685Counter.MinPrescale);
            }
            return;
        }
        if (register >= (byte)Pca9685Register.AllLedOnLow && register < (byte)Pca9685Register.AllLedOnLow + 4)
        {
            int offset = register - (int)Pca9685Register.AllLedOnLow;
            for (int channel = 0; channel < Pca9685Counter.Channels; channel++)
            {
                _registers[ChannelBase(channel) + offset] = value;
            }
            return;
        }
        if (register == (byte)Pca9685Register.Mode1)
        {
            value &= unchecked((byte)~Pca9685Mode.Restart); // RESTART clears itself once the outputs restart
        }
        _registers[register] = value;
    }

    private static int ChannelBase(int channel) => (int)Pca9685Register.Led0OnLow + 4 * channel;
}
