// Register-level BNO055 driver: SI units, a fusion mode, and one 24-byte burst for rates, accelerations and attitude.
using System.Buffers.Binary;
using System.Device.I2c;
using System.Numerics;

namespace DrlRobot.Hardware.Devices.Bno055;

/// <summary>One fused BNO055 reading.</summary>
/// <param name="Timestamp">When it was read, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
/// <param name="AngularRate">Body rates about x, y, z, rad/s.</param>
/// <param name="Acceleration">Specific force, m/s².</param>
/// <param name="Roll">Roll, rad.</param>
/// <param name="Pitch">Pitch, rad.</param>
/// <param name="Heading">Heading, rad, wrapped to (−π, π].</param>
public readonly record struct Bno055Sample(long Timestamp, Vector3 AngularRate, Vector3 Acceleration, float Roll, float Pitch, float Heading);

/// <summary>
/// A BNO055 doing its own sensor fusion. Written at register level so one burst gives rates, acceleration and attitude
/// from the same instant without allocating. On a Raspberry Pi the BNO055 stretches the I2C clock longer than the
/// Pi's controller tolerates at 100 kHz; see the README (lower the bus speed). <see cref="Read"/> throws
/// <see cref="IOException"/> on a bus failure.
/// </summary>
public sealed class Bno055Device : IDisposable
{
    private readonly I2cDevice _device;

    /// <summary>Checks CHIP_ID, selects SI units and the fusion mode.</summary>
    public Bno055Device(I2cDevice device, Bno055Settings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _device = device;
        Settings = settings;
        Time = time ?? TimeProvider.System;
        try
        {
            byte id = ReadRegister(Bno055Register.ChipId);
            if (id != Bno055Scale.ChipIdValue)
            {
                throw new IOException($"BNO055 at 0x{settings.Address:X2}: CHIP_ID reads 0x{id:X2}, expected 0xA0");
            }
            WriteRegister(Bno055Register.OperatingMode, (byte)Bno055Mode.Config);
            Thread.Sleep(20); // any mode → CONFIG takes 19 ms
            WriteRegister(Bno055Register.PageId, 0);
            WriteRegister(Bno055Register.PowerMode, 0);
            WriteRegister(Bno055Register.UnitSelect, Bno055Scale.UnitsSi);
            WriteRegister(Bno055Register.OperatingMode, (byte)settings.Mode);
            Thread.Sleep(8); // CONFIG → any mode takes 7 ms
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"BNO055 at 0x{settings.Address:X2}: {e.Message}", e);
        }
    }

    /// <summary>The settings the chip was configured with.</summary>
    public Bno055Settings Settings { get; }

    /// <summary>The clock that timestamps readings.</summary>
    public TimeProvider Time { get; }

    /// <summary>CALIB_STAT: system, gyro, accel, mag calibration levels 0–3, packed two bits each.</summary>
    public byte CalibrationStatus() => ReadRegister(Bno055Register.CalibrationStatus);

    /// <summary>Reads one sample (one burst transfer) in SI units.</summary>
    public Bno055Sample Read()
    {
        Span<byte> data = stackalloc byte[Bno055Scale.DataLength];
        ReadOnlySpan<byte> register = [(byte)Bno055Register.AccelXLow];
        _device.WriteRead(register, data);
        long timestamp = Time.GetTimestamp();
        var acceleration = new Vector3(Word(data, 0), Word(data, 2), Word(data, 4)) / Bno055Scale.AccelLsbPerMetrePerSecondSquared;
        var rate = new Vector3(Word(data, 12), Word(data, 14), Word(data, 16)) / Bno055Scale.LsbPerRadian;
        float heading = Word(data, 18) / Bno055Scale.LsbPerRadian;
        float roll = Word(data, 20) / Bno055Scale.LsbPerRadian;
        float pitch = Word(data, 22) / Bno055Scale.LsbPerRadian;
        heading = heading > MathF.PI ? heading - (2f * MathF.PI) : heading;
        return new Bno055Sample(timestamp, rate, acceleration, roll, pitch, heading);
    }

    /// <summary>Returns the chip to CONFIG mode (sensors off) and releases the bus device; never throws.</summary>
    public void Dispose()
    {
        try
        {
            WriteRegister(Bno055Register.OperatingMode, (byte)Bno055Mode.Config);
        }
        catch (Exception)
        {
            // A chip that no longer answers cannot be stopped; nothing else depends on it.
        }
        _device.Dispose();
    }

    private static short Word(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadInt16LittleEndian(data[offset..]);

    private byte ReadRegister(Bno055Register register)
    {
        ReadOnlySpan<byte> address = [(byte)register];
        Span<byte> value = stackalloc byte[1];
        _device.WriteRead(address, value);
        return value[0];
    }

    private void WriteRegister(Bno055Register register, byte value)
    {
        ReadOnlySpan<byte> buffer = [(byte)register, value];
        _device.Write(buffer);
    }
}
