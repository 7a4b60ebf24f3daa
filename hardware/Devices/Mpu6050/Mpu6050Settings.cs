// Settings of one MPU-6050: address, full-scale ranges, low-pass filter, sample rate divider, gyro bias.
using System.Numerics;

namespace DrlRobot.Hardware.Devices.Mpu6050;

/// <summary>How to set up an MPU-6050.</summary>
public sealed record Mpu6050Settings
{
    /// <summary>7-bit I2C address: 0x68 with AD0 low, 0x69 with AD0 high.</summary>
    public int Address { get; init; } = 0x68;

    /// <summary>Gyro range; ±500 °/s covers a tumbling lander without losing resolution on a rover.</summary>
    public GyroRange GyroRange { get; init; } = GyroRange.Dps500;

    /// <summary>Accelerometer range; ±4 g leaves headroom for thrust and bumps.</summary>
    public AccelRange AccelRange { get; init; } = AccelRange.G4;

    /// <summary>DLPF_CFG 0–6: 3 gives 44 Hz bandwidth and 4.9 ms delay, enough for a 50 Hz loop.</summary>
    public int LowPassFilter { get; init; } = 3;

    /// <summary>SMPLRT_DIV: with the DLPF on the gyro runs at 1 kHz, so 4 gives 200 Hz.</summary>
    public int SampleRateDivider { get; init; } = 4;

    /// <summary>Gyro bias subtracted from every reading, rad/s (measure it with the robot still).</summary>
    public Vector3 GyroBias { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (Address is not (0x68 or 0x69))
        {
            throw new ArgumentOutOfRangeException(nameof(Address), Address, "an MPU-6050 answers at 0x68 or 0x69");
        }
        if (!Enum.IsDefined(GyroRange))
        {
            throw new ArgumentOutOfRangeException(nameof(GyroRange), GyroRange, "unknown gyro range");
        }
        if (!Enum.IsDefined(AccelRange))
        {
            throw new ArgumentOutOfRangeException(nameof(AccelRange), AccelRange, "unknown accelerometer range");
        }
        if (LowPassFilter is < 0 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(LowPassFilter), LowPassFilter, "DLPF_CFG must lie in 0–6");
        }
        if (SampleRateDivider is < 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRateDivider), SampleRateDivider, "SMPLRT_DIV must lie in 0–255");
        }
    }
}
