// Register addresses and full-scale settings of the InvenSense MPU-6050 (register map rev. 4.2).
namespace DrlRobot.Hardware.Devices.Mpu6050;

/// <summary>MPU-6050 register addresses used by the driver and the emulator.</summary>
public enum Mpu6050Register : byte
{
    /// <summary>Sample rate = gyro output rate / (1 + SMPLRT_DIV).</summary>
    SampleRateDivider = 0x19,

    /// <summary>CONFIG: digital low-pass filter (DLPF_CFG, bits 0–2).</summary>
    Config = 0x1A,

    /// <summary>GYRO_CONFIG: full scale (FS_SEL, bits 3–4).</summary>
    GyroConfig = 0x1B,

    /// <summary>ACCEL_CONFIG: full scale (AFS_SEL, bits 3–4).</summary>
    AccelConfig = 0x1C,

    /// <summary>ACCEL_XOUT_H: first of 14 data bytes (accel xyz, temperature, gyro xyz; big-endian int16).</summary>
    AccelXHigh = 0x3B,

    /// <summary>PWR_MGMT_1: reset (bit 7), sleep (bit 6), clock source (bits 0–2).</summary>
    PowerManagement1 = 0x6B,

    /// <summary>WHO_AM_I: 0x68 on an MPU-6050.</summary>
    WhoAmI = 0x75,
}

/// <summary>Gyroscope full-scale range (FS_SEL).</summary>
public enum GyroRange
{
    /// <summary>±250 °/s, 131 LSB per °/s.</summary>
    Dps250 = 0,

    /// <summary>±500 °/s, 65.5 LSB per °/s.</summary>
    Dps500 = 1,

    /// <summary>±1000 °/s, 32.8 LSB per °/s.</summary>
    Dps1000 = 2,

    /// <summary>±2000 °/s, 16.4 LSB per °/s.</summary>
    Dps2000 = 3,
}

/// <summary>Accelerometer full-scale range (AFS_SEL).</summary>
public enum AccelRange
{
    /// <summary>±2 g, 16384 LSB per g.</summary>
    G2 = 0,

    /// <summary>±4 g, 8192 LSB per g.</summary>
    G4 = 1,

    /// <summary>±8 g, 4096 LSB per g.</summary>
    G8 = 2,

    /// <summary>±16 g, 2048 LSB per g.</summary>
    G16 = 3,
}

/// <summary>Scale factors and constants of the data registers.</summary>
public static class Mpu6050Scale
{
    /// <summary>WHO_AM_I value of an MPU-6050.</summary>
    public const byte WhoAmIValue = 0x68;

    /// <summary>Standard gravity, m/s².</summary>
    public const float StandardGravity = 9.80665f;

    /// <summary>Number of data bytes from ACCEL_XOUT_H to GYRO_ZOUT_L.</summary>
    public const int DataLength = 14;

    /// <summary>rad/s per LSB at <paramref name="range"/>.</summary>
    public static float GyroRadiansPerSecondPerLsb(GyroRange range) => 250f * (1 << (int)range) / 32768f * MathF.PI / 180f;

    /// <summary>m/s² per LSB at <paramref name="range"/>.</summary>
    public static float AccelMetresPerSecondSquaredPerLsb(AccelRange range) => 2f * (1 << (int)range) / 32768f * StandardGravity;

    /// <summary>°C from the raw temperature register (datasheet: raw / 340 + 36.53).</summary>
    public static float TemperatureCelsius(short raw) => raw / 340f + 36.53f;
}
