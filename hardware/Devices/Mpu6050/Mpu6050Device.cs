// Register-level MPU-6050 driver: wakes and configures the chip, reads gyro and accelerometer in one 14-byte burst.
using System.Buffers.Binary;
using System.Device.I2c;
using System.Numerics;
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Hardware.Devices.Mpu6050;

/// <summary>
/// An MPU-6050. Written at register level rather than through Iot.Device.Imu.Mpu6050 because that binding reads the
/// accelerometer and the gyro in separate transfers; one burst gives a consistent sample with one timestamp, without
/// allocating. <see cref="Read"/> throws <see cref="IOException"/> on a bus failure; the input channel built on it
/// catches that and reports status.
/// </summary>
public sealed class Mpu6050Device : IDisposable
{
    private readonly I2cDevice _device;
    private readonly float _gyroScale;
    private readonly float _accelScale;

    /// <summary>Checks WHO_AM_I, wakes the chip on the gyro's PLL clock and sets ranges, filter and sample rate.</summary>
    public Mpu6050Device(I2cDevice device, Mpu6050Settings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _device = device;
        Settings = settings;
        Time = time ?? TimeProvider.System;
        _gyroScale = Mpu6050Scale.GyroRadiansPerSecondPerLsb(settings.GyroRange);
        _accelScale = Mpu6050Scale.AccelMetresPerSecondSquaredPerLsb(settings.AccelRange);
        try
        {
            byte whoAmI = ReadRegister(Mpu6050Register.WhoAmI);
            if (whoAmI != Mpu6050Scale.WhoAmIValue)
            {
                throw new IOException($"MPU-6050 at 0x{settings.Address:X2}: WHO_AM_I reads 0x{whoAmI:X2}, expected 0x68");
            }
            // Clock from the X gyro's PLL (more stable than the internal oscillator); clearing SLEEP wakes the chip.
            WriteRegister(Mpu6050Register.PowerManagement1, 0x01);
            WriteRegister(Mpu6050Register.Config, (byte)settings.LowPassFilter);
            WriteRegister(Mpu6050Register.SampleRateDivider, (byte)settings.SampleRateDivider);
            WriteRegister(Mpu6050Register.GyroConfig, (byte)((int)settings.GyroRange << 3));
            WriteRegister(Mpu6050Register.AccelConfig, (byte)((int)settings.AccelRange << 3));
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"MPU-6050 at 0x{settings.Address:X2}: {e.Message}", e);
        }
    }

    /// <summary>The settings the chip was configured with.</summary>
    public Mpu6050Settings Settings { get; }

    /// <summary>The clock that timestamps readings.</summary>
    public TimeProvider Time { get; }

    /// <summary>Reads one sample (one burst transfer), bias-corrected and in SI units.</summary>
    public ImuSample Read()
    {
        Span<byte> data = stackalloc byte[Mpu6050Scale.DataLength];
        ReadOnlySpan<byte> register = [(byte)Mpu6050Register.AccelXHigh];
        _device.WriteRead(register, data);
        long timestamp = Time.GetTimestamp();
        var acceleration = new Vector3(Word(data, 0), Word(data, 2), Word(data, 4)) * _accelScale;
        var rate = (new Vector3(Word(data, 8), Word(data, 10), Word(data, 12)) * _gyroScale) - Settings.GyroBias;
        return new ImuSample(timestamp, rate, acceleration, Mpu6050Scale.TemperatureCelsius(Word(data, 6)));
    }

    /// <summary>Puts the chip to sleep and releases the bus device; never throws.</summary>
    public void Dispose()
    {
        try
        {
            WriteRegister(Mpu6050Register.PowerManagement1, 0x40);
        }
        catch (Exception)
        {
            // A chip that no longer answers cannot be put to sleep; nothing else depends on it.
        }
        _device.Dispose();
    }

    private static short Word(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadInt16BigEndian(data[offset..]);

    private byte ReadRegister(Mpu6050Register register)
    {
        ReadOnlySpan<byte> address = [(byte)register];
        Span<byte> value = stackalloc byte[1];
        _device.WriteRead(address, value);
        return value[0];
    }

    private void WriteRegister(Mpu6050Register register, byte value)
    {
        ReadOnlySpan<byte> buffer = [(byte)register, value];
        _device.Write(buffer);
    }
}
