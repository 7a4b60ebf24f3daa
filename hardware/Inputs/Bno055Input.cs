// The BNO055 as an input channel: the chip's own fused attitude, plus rates and accelerations, timestamped.
using DrlRobot.Hardware.Devices.Bno055;

namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// Reads a <see cref="Bno055Device"/>. The value names are <see cref="ImuInput"/>'s without temperature, so a config
/// can swap one IMU for the other without touching its observations. Health follows the same rule: one failed read
/// is Degraded, <see cref="FailAfter"/> in a row is Failed.
/// </summary>
public sealed class Bno055Input : IInputChannel
{
    /// <summary>The values, in the order <see cref="TryRead"/> writes them (rad, rad/s, m/s²).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ImuInput.Names.Take(9)];

    private readonly Bno055Device _imu;
    private int _failures;

    /// <summary>Takes ownership of <paramref name="imu"/>.</summary>
    public Bno055Input(Bno055Device imu, int failAfter = 3)
    {
        ArgumentNullException.ThrowIfNull(imu);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failAfter);
        _imu = imu;
        FailAfter = failAfter;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ValueNames => Names;

    /// <inheritdoc/>
    public DeviceStatus Status { get; private set; } = DeviceStatus.Ok;

    /// <summary>Consecutive failed reads after which the IMU counts as failed.</summary>
    public int FailAfter { get; }

    /// <inheritdoc/>
    public bool TryRead(Span<float> values, out long timestamp)
    {
        Bno055Sample sample;
        try
        {
            sample = _imu.Read();
        }
        catch (Exception)
        {
            _failures++;
            Status = _failures >= FailAfter ? DeviceStatus.Failed : DeviceStatus.Degraded;
            timestamp = 0;
            return false;
        }
        _failures = 0;
        Status = DeviceStatus.Ok;
        values[0] = sample.Roll;
        values[1] = sample.Pitch;
        values[2] = sample.Heading;
        values[3] = sample.AngularRate.X;
        values[4] = sample.AngularRate.Y;
        values[5] = sample.AngularRate.Z;
        values[6] = sample.Acceleration.X;
        values[7] = sample.Acceleration.Y;
        values[8] = sample.Acceleration.Z;
        timestamp = sample.Timestamp;
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _imu.Dispose();
}
