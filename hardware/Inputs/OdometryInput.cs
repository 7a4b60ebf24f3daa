// Two wheel encoders and the odometry they feed, as one input channel: pose, speeds and wheel rates.
using DrlRobot.Hardware.Devices.Encoders;

namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// Reads both encoders once per <see cref="TryRead"/> and advances <see cref="WheelOdometry"/> by the change since
/// the previous read. Missed edges (encoder errors) make the reading <see cref="DeviceStatus.Degraded"/>.
/// </summary>
public sealed class OdometryInput : IInputChannel
{
    /// <summary>The values, in the order <see cref="TryRead"/> writes them (m, rad, m/s, rad/s).</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["x", "y", "heading", "speed", "yaw_rate", "left_rate", "right_rate", "left_angle", "right_angle"];

    private readonly QuadratureEncoder _left;
    private readonly QuadratureEncoder _right;
    private readonly WheelOdometry _odometry;
    private readonly TimeProvider _time;
    private readonly double _radiansPerCount;
    private long _leftCount;
    private long _rightCount;
    private long _errors;
    private long _lastTimestamp;

    /// <summary>Takes ownership of both encoders.</summary>
    public OdometryInput(QuadratureEncoder left, QuadratureEncoder right, int countsPerRevolution, WheelOdometry odometry,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(odometry);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(countsPerRevolution);
        _left = left;
        _right = right;
        _odometry = odometry;
        _time = time ?? TimeProvider.System;
        _radiansPerCount = 2 * Math.PI / countsPerRevolution;
        _leftCount = left.Count;
        _rightCount = right.Count;
        _errors = left.Errors + right.Errors;
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ValueNames => Names;

    /// <inheritdoc/>
    public DeviceStatus Status { get; private set; } = DeviceStatus.Ok;

    /// <inheritdoc/>
    public bool TryRead(Span<float> values, out long timestamp)
    {
        long left = _left.Count, right = _right.Count, errors = _left.Errors + _right.Errors;
        timestamp = _time.GetTimestamp();
        double dt = _lastTimestamp == 0 ? 0 : (timestamp - _lastTimestamp) / (double)_time.TimestampFrequency;
        double leftDelta = (left - _leftCount) * _radiansPerCount, rightDelta = (right - _rightCount) * _radiansPerCount;
        _odometry.Update(leftDelta, rightDelta, dt);
        Status = errors != _errors ? DeviceStatus.Degraded : DeviceStatus.Ok;
        (_leftCount, _rightCount, _errors, _lastTimestamp) = (left, right, errors, timestamp);
        values[0] = (float)_odometry.X;
        values[1] = (float)_odometry.Y;
        values[2] = (float)_odometry.Heading;
        values[3] = (float)_odometry.Speed;
        values[4] = (float)_odometry.YawRate;
        values[5] = dt > 0 ? (float)(leftDelta / dt) : 0f;
        values[6] = dt > 0 ? (float)(rightDelta / dt) : 0f;
        values[7] = (float)(left * _radiansPerCount);
        values[8] = (float)(right * _radiansPerCount);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _left.Dispose();
        _right.Dispose();
    }
}
