// An emulated BNO055 register map: the simulator sets attitude, rates and accelerations; fused data reads back as registers.
using System.Buffers.Binary;
using System.Numerics;
using DrlRobot.Hardware.Devices.Bno055;

namespace DrlRobot.Hardware.Devices.Emulated;

/// <summary>
/// Behaves like the chip where drivers can get it wrong: it starts in CONFIG mode with data registers at zero, fills
/// them only in a fusion mode, and scales them by the units UNIT_SEL selects (SI or the power-on degrees and dps).
/// </summary>
public sealed class EmulatedBno055 : EmulatedI2cDevice
{
    private readonly byte[] _registers = new byte[128];
    private Vector3 _rate;
    private Vector3 _acceleration;
    private Vector3 _attitude; // roll, pitch, heading

    /// <summary>A chip in its power-on state (CONFIG mode).</summary>
    public EmulatedBno055(int busId = 1, int address = 0x28) : base(busId, address)
    {
        _registers[(int)Bno055Register.ChipId] = Bno055Scale.ChipIdValue;
        _registers[(int)Bno055Register.CalibrationStatus] = 0xFF;
    }

    /// <summary>The current operating mode.</summary>
    public Bno055Mode Mode
    {
        get
        {
            lock (Sync)
            {
                return (Bno055Mode)(_registers[(int)Bno055Register.OperatingMode] & 0x0F);
            }
        }
    }

    /// <summary>Sets what the chip measures and fuses: rates (rad/s), specific force (m/s²), attitude (rad).</summary>
    public void SetState(Vector3 angularRate, Vector3 acceleration, float roll, float pitch, float heading)
    {
        lock (Sync)
        {
            (_rate, _acceleration, _attitude) = (angularRate, acceleration, new Vector3(roll, pitch, heading));
            Refresh();
        }
    }

    /// <inheritdoc/>
    protected override bool AutoIncrement => true;

    /// <inheritdoc/>
    protected override byte ReadRegister(byte register) => register < _registers.Length ? _registers[register] : (byte)0;

    /// <inheritdoc/>
    protected override void WriteRegister(byte register, byte value)
    {
        if (register is (byte)Bno055Register.OperatingMode or (byte)Bno055Register.UnitSelect or (byte)Bno055Register.PageId
            or (byte)Bno055Register.PowerMode)
        {
            _registers[register] = value;
            Refresh();
        }
    }

    private void Refresh()
    {
        Span<byte> data = _registers.AsSpan((int)Bno055Register.AccelXLow, Bno055Scale.DataLength);
        if ((_registers[(int)Bno055Register.OperatingMode] & 0x0F) == (byte)Bno055Mode.Config)
        {
            data.Clear();
            return;
        }
        byte units = _registers[(int)Bno055Register.UnitSelect];
        float accel = Bno055Scale.AccelLsbPerMetrePerSecondSquared; // bit 0 clear: m/s²
        float gyro = (units & 0x02) != 0 ? Bno055Scale.LsbPerRadian : 16f * 180f / MathF.PI; // rad/s or dps (16 LSB/dps)
        float euler = (units & 0x04) != 0 ? Bno055Scale.LsbPerRadian : 16f * 180f / MathF.PI; // rad or degrees
        Put(data, 0, _acceleration.X * accel);
        Put(data, 2, _acceleration.Y * accel);
        Put(data, 4, _acceleration.Z * accel);
        Put(data, 12, _rate.X * gyro);
        Put(data, 14, _rate.Y * gyro);
        Put(data, 16, _rate.Z * gyro);
        float heading = _attitude.Z < 0 ? _attitude.Z + (2f * MathF.PI) : _attitude.Z; // the chip reports 0–2π
        Put(data, 18, heading * euler);
        Put(data, 20, _attitude.X * euler);
        Put(data, 22, _attitude.Y * euler);
    }

    private static void Put(Span<byte> data, int offset, float counts) =>
        BinaryPrimitives.WriteInt16LittleEndian(data[offset..], (short)Math.Clamp(MathF.Round(counts), short.MinValue, short.MaxValue));
}
