// Register addresses, modes and scale factors of the Bosch BNO055 absolute orientation sensor (datasheet rev. 1.4, §4).
namespace DrlRobot.Hardware.Devices.Bno055;

/// <summary>BNO055 page-0 registers used by the driver and the emulator.</summary>
public enum Bno055Register : byte
{
    /// <summary>CHIP_ID: 0xA0.</summary>
    ChipId = 0x00,

    /// <summary>PAGE_ID: register page select.</summary>
    PageId = 0x07,

    /// <summary>ACC_DATA_X_LSB: first of 24 data bytes (accel, mag, gyro, Euler; int16 little-endian).</summary>
    AccelXLow = 0x08,

    /// <summary>TEMP: die temperature, °C (signed byte).</summary>
    Temperature = 0x34,

    /// <summary>CALIB_STAT: system, gyro, accel, mag calibration, 2 bits each (3 = fully calibrated).</summary>
    CalibrationStatus = 0x35,

    /// <summary>UNIT_SEL: units of the data registers.</summary>
    UnitSelect = 0x3B,

    /// <summary>OPR_MODE: operating mode; CONFIG to change settings, NDOF for nine-axis fusion.</summary>
    OperatingMode = 0x3D,

    /// <summary>PWR_MODE: normal, low power, suspend.</summary>
    PowerMode = 0x3E,
}

/// <summary>Operating modes (OPR_MODE).</summary>
public enum Bno055Mode : byte
{
    /// <summary>Configuration: sensors off, settings writable.</summary>
    Config = 0x00,

    /// <summary>Six-axis fusion without the magnetometer (relative heading; no magnetic disturbance from motors).</summary>
    Imu = 0x08,

    /// <summary>Nine-axis fusion with fast magnetometer calibration (absolute heading).</summary>
    Ndof = 0x0C,
}

/// <summary>Constants of the data registers with UNIT_SEL = 0x06 (m/s², rad/s, radians, °C).</summary>
public static class Bno055Scale
{
    /// <summary>CHIP_ID of a BNO055.</summary>
    public const byte ChipIdValue = 0xA0;

    /// <summary>UNIT_SEL: accel m/s² (bit 0 = 0), gyro rad/s (bit 1), Euler radians (bit 2), °C, Windows orientation.</summary>
    public const byte UnitsSi = 0x06;

    /// <summary>Bytes from ACC_DATA_X_LSB to EUL_PITCH_MSB.</summary>
    public const int DataLength = 24;

    /// <summary>LSB per m/s².</summary>
    public const float AccelLsbPerMetrePerSecondSquared = 100f;

    /// <summary>LSB per rad/s and per rad (gyro and Euler angles).</summary>
    public const float LsbPerRadian = 900f;
}
