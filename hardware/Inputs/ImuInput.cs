// The IMU as an input channel: rates, accelerations and filtered attitude, with the read's timestamp.
using DrlRobot.Hardware.Devices.Mpu6050;

namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// Reads an <see cref="Mpu6050Device"/> and runs a <see cref="ComplementaryFilter"/>. One failed read is
/// <see cref="DeviceStatus.Degraded"/>; <see cref="FailAfter"/> in a row is <see cref="DeviceStatus.Failed"/>.
/// </summary>
public sealed class ImuInput : IInputChannel
{
    /// <summary>The values, in the order <see cref="TryRead"/> writes them (rad, rad/s, m/s², °C).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["roll", "pitch", "yaw", "rate_x", "rate_y", "rate_z", "accel_x", "accel_y", "accel_z", "temperature"];

    private readonly Mpu6050Device _imu;
    private readonly ComplementaryFilter _filter;
    private long _lastTimestamp;
    private readonly ReadHealth _health;

    /// <summary>Takes ownership of <paramref name="imu"/>.</summary>
    public ImuInput(Mpu6050Device imu, ComplementaryFilter filter, int failAfter = 3)
    {
        ArgumentNullException.ThrowIfNull(imu);
        ArgumentNullException.ThrowIfNull(filter);
        _imu = imu;
        _filter = filter;
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
        ImuSample sample;
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
        float dt = _lastTimestamp == 0 ? 0f
            : (float)((sample.Timestamp - _lastTimestamp) / (double)_imu.Time.TimestampFrequency);
        _lastTimestamp = sample.Timestamp;
        _filter.Update(sample.AngularRate, sample.Acceleration, dt);
        values[0] = _filter.Roll;
        values[1] = _filter.Pitch;
        values[2] = _filter.Yaw;
        values[3] = sample.AngularRate.X;
        values[4] = sample.AngularRate.Y;
        values[5] = sample.AngularRate.Z;
        values[6] = sample.Acceleration.X;
        values[7] = sample.Acceleration.Y;
        values[8] = sample.Acceleration.Z;
        values[9] = sample.TemperatureCelsius;
        timestamp = sample.Timestamp;
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _imu.Dispose();
}
