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
    private readonly ReadHealth _health;

    /// <summary>Takes ownership of <paramref name="imu"/>.</summary>
    public Bno055Input(Bno055Device imu, int failAfter = 3)
    {
        ArgumentNullException.ThrowIfNull(imu);
        _imu = imu;
        _health = new ReadHealth(failAfter);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ValueNames => Names;

    /// <inheritdoc/>
    public DeviceStatus Status => _health.Status;

    /// <summary>Consecutive failed reads after which the IMU counts as failed.</summary>
    public int FailAfter => _health.FailAfter;

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
            _health.Failed();
            timestamp = 0;
            return false;
        }
        _health.Succeeded();
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
