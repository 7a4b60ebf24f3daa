// Base for emulated I2C chips: a register pointer, optional auto-increment, and a switch that makes the bus fail.
using System.Device.I2c;

namespace DrlRobot.Hardware.Devices.Emulated;

/// <summary>
/// An <see cref="I2cDevice"/> backed by a register map in memory, so drivers run unchanged against it. A write's first
/// byte sets the register pointer; further bytes go to successive registers when the chip auto-increments. Setting
/// <see cref="Disconnected"/> makes every transfer throw <see cref="IOException"/>, as a loose cable would.
/// Thread-safe: the simulator may update registers while the control loop reads them.
/// </summary>
public abstract class EmulatedI2cDevice : I2cDevice
{
    private readonly I2cConnectionSettings _settings;
    private byte _pointer;

    /// <summary>An emulated chip at <paramref name="address"/> on bus <paramref name="busId"/>.</summary>
    protected EmulatedI2cDevice(int busId, int address)
    {
        _settings = new I2cConnectionSettings(busId, address);
    }

    /// <summary>Guards the register map; subclasses take it when the simulator side touches registers.</summary>
    protected Lock Sync { get; } = new();

    /// <inheritdoc/>
    public override I2cConnectionSettings ConnectionSettings => _settings;

    /// <summary>When true every transfer throws <see cref="IOException"/>.</summary>
    public bool Disconnected { get; set; }

    /// <summary>Number of transfers (writes and reads) the driver made, for tests.</summary>
    public int Transfers { get; private set; }

    /// <summary>True when the pointer should advance after each byte (a mode bit on some chips, always on others).</summary>
    protected abstract bool AutoIncrement { get; }

    /// <summary>Reads one register.</summary>
    protected abstract byte ReadRegister(byte register);

    /// <summary>Writes one register; the chip decides what the write means.</summary>
    protected abstract void WriteRegister(byte register, byte value);

    /// <inheritdoc/>
    public override byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Read(one);
        return one[0];
    }

    /// <inheritdoc/>
    public override void Read(Span<byte> buffer)
    {
        lock (Sync)
        {
            Begin();
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = ReadRegister(_pointer);
                Advance();
            }
        }
    }

    /// <inheritdoc/>
    public override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (Sync)
        {
            Begin();
            if (buffer.IsEmpty)
            {
                return;
            }
            _pointer = buffer[0];
            for (int i = 1; i < buffer.Length; i++)
            {
                WriteRegister(_pointer, buffer[i]);
                Advance();
            }
        }
    }

    /// <inheritdoc/>
    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        lock (Sync)
        {
            Write(writeBuffer);
            Read(readBuffer);
            Transfers--;
        }
    }

    private void Begin()
    {
        if (Disconnected)
        {
            throw new IOException($"I2C device 0x{_settings.DeviceAddress:X2} on bus {_settings.BusId} does not answer");
        }
        Transfers++;
    }

    private void Advance()
    {
        if (AutoIncrement)
        {
            _pointer++;
        }
    }
}
