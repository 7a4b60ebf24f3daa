// An emulated MPU-6050 register map: the simulator sets body rates and accelerations, drivers read them as registers.
using System.Buffers.Binary;
using System.Numerics;
using DrlRobot.Hardware.Devices.Mpu6050;

namespace DrlRobot.Hardware.Devices.Emulated;

/// <summary>
/// Behaves like the chip where drivers can get it wrong: it powers up asleep (data registers frozen at zero until
/// PWR_MGMT_1.SLEEP is cleared), scales data by whatever full-scale range the driver configured, saturates at the
/// int16 limits, and auto-increments on reads. <see cref="SetMotion"/> is the simulator's side.
/// </summary>
public sealed class EmulatedMpu6050 : EmulatedI2cDevice
{
    private readonly byte[] _registers = new byte[128];
    private Vector3 _rate;
    private Vector3 _acceleration;
    private float _temperature = 25f;

    /// <summary>A chip in its power-on state (asleep).</summary>
    public EmulatedMpu6050(int busId = 1, int address = 0x68) : base(busId, address)
    {
        _registers[(int)Mpu6050Register.PowerManagement1] = 0x40;
        _registers[(int)Mpu6050Register.WhoAmI] = Mpu6050Scale.WhoAmIValue;
    }

    /// <summary>True while PWR_MGMT_1.SLEEP is set.</summary>
    public bool IsSleeping
    {
        get
        {
            lock (Sync)
            {
                return (_registers[(int)Mpu6050Register.PowerManagement1] & 0x40) != 0;
            }
        }
    }

    /// <summary>Value of one register, for tests.</summary>
    public byte Register(int address)
    {
        lock (Sync)
        {
            return _registers[address];
        }
    }

    /// <summary>
    /// Sets what the sensor measures: body rates (rad/s), specific force (m/s², +g on z when level and still) and
    /// die temperature (°C). Takes effect in the data registers at once while awake.
    /// </summary>
    public void SetMotion(Vector3 angularRate, Vector3 acceleration, float temperatureCelsius = 25f)
    {
        lock (Sync)
        {
            _rate = angularRate;
            _acceleration = acceleration;
            _temperature = temperatureCelsius;
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
        if (register >= _registers.Length || register == (byte)Mpu6050Register.WhoAmI
            || (register >= (byte)Mpu6050Register.AccelXHigh && register < (byte)Mpu6050Register.AccelXHigh + Mpu6050Scale.DataLength))
        {
            return; // read-only
        }
        if (register == (byte)Mpu6050Register.PowerManagement1 && (value & 0x80) != 0)
        {
            Array.Clear(_registers);
            _registers[(int)Mpu6050Register.PowerManagement1] = 0x40;
            _registers[(int)Mpu6050Register.WhoAmI] = Mpu6050Scale.WhoAmIValue;
            return;
        }
        _registers[register] = value;
        Refresh();
    }

    private void Refresh()
    {
        if ((_registers[(int)Mpu6050Register.PowerManagement1] & 0x40) != 0)
        {
            return;
        }
        var gyroRange = (GyroRange)((_registers[(int)Mpu6050Register.GyroConfig] >> 3) & 3);
        var accelRange = (AccelRange)((_registers[(int)Mpu6050Register.AccelConfig] >> 3) & 3);
        float gyroLsb = Mpu6050Scale.GyroRadiansPerSecondPerLsb(gyroRange);
        float accelLsb = Mpu6050Scale.AccelMetresPerSecondSquaredPerLsb(accelRange);
        Span<byte> data = _registers.AsSpan((int)Mpu6050Register.AccelXHigh, Mpu6050Scale.DataLength);
        Put(data, 0, _acceleration.X / accelLsb);
        Put(data, 2, _acceleration.Y / accelLsb);
        Put(data, 4, _acceleration.Z / accelLsb);
        Put(data, 6, (_temperature - 36.53f) * 340f);
        Put(data, 8, _rate.X / gyroLsb);
        Put(data, 10, _rate.Y / gyroLsb);
        Put(data, 12, _rate.Z / gyroLsb);
    }

    private static void Put(Span<byte> data, int offset, float counts) =>
        BinaryPrimitives.WriteInt16BigEndian(data[offset..], (short)Math.Clamp(MathF.Round(counts), short.MinValue, short.MaxValue));
}
