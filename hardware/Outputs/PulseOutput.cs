// An ESC or servo driven by pulse width on any PwmChannel (the Pi's hardware PWM or a PCA9685 channel), with arming.
using System.Device.Pwm;

namespace DrlRobot.Hardware.Outputs;

/// <summary>
/// One ESC or servo. Commands in actuator units become pulse widths through <see cref="ActuatorScaling"/> and
/// <see cref="PulseCalibration"/>. An ESC arms only after it has seen neutral for <see cref="ArmTime"/>: until then
/// every write sends neutral, whatever was commanded. A failed write disarms, because an ESC that lost its signal may
/// have reset and must see neutral again before it accepts thrust.
/// </summary>
public sealed class PulseOutput : IOutputChannel
{
    private readonly PwmChannel _channel;
    private readonly ActuatorRange _range;
    private readonly PulseCalibration _calibration;
    private readonly TimeProvider _time;
    private readonly double _periodMicroseconds;
    private long _neutralSince;
    private bool _armed;
    private bool _disposed;

    /// <summary>
    /// Takes ownership of <paramref name="channel"/> (already at its frequency), writes neutral and starts it.
    /// Throws <see cref="IOException"/> when the first write fails: that is start-up, not the loop.
    /// </summary>
    public PulseOutput(string name, PwmChannel channel, ActuatorRange range, PulseCalibration calibration,
        TimeSpan armTime, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(calibration);
        range.Validate();
        calibration.Validate();
        if (armTime < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(armTime), armTime, "arm time must not be negative");
        }
        Name = name;
        _channel = channel;
        _range = range;
        _calibration = calibration;
        _time = time ?? TimeProvider.System;
        ArmTime = armTime;
        if (!(channel.Frequency > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel.Frequency, $"{name}: PWM frequency must be positive");
        }
        _periodMicroseconds = 1e6 / channel.Frequency;
        if (calibration.MaxPulseMicroseconds >= _periodMicroseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel.Frequency,
                $"{name}: a {calibration.MaxPulseMicroseconds} µs pulse does not fit a {channel.Frequency} Hz period");
        }
        try
        {
            _channel.DutyCycle = calibration.NeutralPulseMicroseconds / _periodMicroseconds;
            _channel.Start();
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"{name}: could not start its PWM output: {e.Message}", e);
        }
        LastPulseMicroseconds = calibration.NeutralPulseMicroseconds;
        _neutralSince = _time.GetTimestamp();
        _armed = armTime == TimeSpan.Zero;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public float Neutral => _range.Neutral;

    /// <inheritdoc/>
    public DeviceStatus Status { get; private set; } = DeviceStatus.Ok;

    /// <summary>How long neutral must be held before commands pass (zero for servos and ESCs that need no arming).</summary>
    public TimeSpan ArmTime { get; }

    /// <summary>True once neutral has been held for <see cref="ArmTime"/> since start-up or the last failure.</summary>
    public bool IsArmed
    {
        get
        {
            if (!_armed && _time.GetElapsedTime(_neutralSince) >= ArmTime)
            {
                _armed = true;
            }
            return _armed;
        }
    }

    /// <summary>The pulse width last sent, µs.</summary>
    public double LastPulseMicroseconds { get; private set; }

    /// <summary>The pulse <paramref name="value"/> maps to once armed, µs (the explicit, tested mapping).</summary>
    public double PulseFor(float value) =>
        _calibration.PulseFor(ActuatorScaling.ToSignedFraction(value, _range, _calibration.Deadband, _calibration.Reversed));

    /// <inheritdoc/>
    public void Write(float value)
    {
        if (_disposed)
        {
            return;
        }
        Send(IsArmed ? PulseFor(value) : _calibration.NeutralPulseMicroseconds);
    }

    /// <inheritdoc/>
    public void WriteNeutral()
    {
        if (!_disposed)
        {
            Send(_calibration.NeutralPulseMicroseconds);
        }
    }

    /// <summary>
    /// Sends neutral, then releases the channel, which stops the signal (sysfs and PCA9685 channels both go low):
    /// ESCs stop on signal loss, servos go limp.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        Send(_calibration.NeutralPulseMicroseconds);
        _disposed = true;
        try
        {
            _channel.Dispose();
        }
        catch (Exception)
        {
            // Disposal must not throw; the neutral pulse above is what made the output safe.
            Status = DeviceStatus.Failed;
        }
    }

    private void Send(double pulseMicroseconds)
    {
        try
        {
            _channel.DutyCycle = pulseMicroseconds / _periodMicroseconds;
            LastPulseMicroseconds = pulseMicroseconds;
            Status = DeviceStatus.Ok;
        }
        catch (Exception)
        {
            Status = DeviceStatus.Failed;
            _armed = ArmTime == TimeSpan.Zero;
            _neutralSince = _time.GetTimestamp();
        }
    }
}
