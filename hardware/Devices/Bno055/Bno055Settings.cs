// Settings of one BNO055: address and fusion mode.
namespace DrlRobot.Hardware.Devices.Bno055;

/// <summary>How to set up a BNO055.</summary>
public sealed record Bno055Settings
{
    /// <summary>7-bit I2C address: 0x28 with COM3 low, 0x29 with it high.</summary>
    public int Address { get; init; } = 0x28;

    /// <summary>Fusion mode; <see cref="Bno055Mode.Imu"/> near motors, whose fields upset the magnetometer.</summary>
    public Bno055Mode Mode { get; init; } = Bno055Mode.Imu;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (Address is not (0x28 or 0x29))
        {
            throw new ArgumentOutOfRangeException(nameof(Address), Address, "a BNO055 answers at 0x28 or 0x29");
        }
        if (Mode is not (Bno055Mode.Imu or Bno055Mode.Ndof))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "mode must be a fusion mode (imu or ndof)");
        }
    }
}
