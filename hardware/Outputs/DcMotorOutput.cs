// A DC motor on an H-bridge (Iot.Device.DCMotor, 3-pin L298N style or 2-pin PWM + direction), in actuator units.
using Iot.Device.DCMotor;

namespace DrlRobot.Hardware.Outputs;

/// <summary>
/// One DC motor. The command maps to a signed duty in [-max_duty, max_duty] through <see cref="ActuatorScaling"/>;
/// the binding sets the direction pins and the PWM duty. Neutral is duty 0 (both bridge inputs low: the motor coasts).
/// </summary>
public sealed class DcMotorOutput : IOutputChannel
{
    private readonly DCMotor _motor;
    private readonly ActuatorRange _range;
    private readonly MotorCalibration _calibration;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="motor"/> and stops it.</summary>
    public DcMotorOutput(string name, DCMotor motor, ActuatorRange range, MotorCalibration calibration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(motor);
        ArgumentNullException.ThrowIfNull(calibration);
        range.Validate();
        calibration.Validate();
        Name = name;
        _motor = motor;
        _range = range;
        _calibration = calibration;
        try
        {
            _motor.Speed = 0;
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"{name}: could not stop its motor at start-up: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public float Neutral => _range.Neutral;

    /// <inheritdoc/>
    public DeviceStatus Status { get; private set; } = DeviceStatus.Ok;

    /// <summary>The signed duty last sent, in [-1, 1].</summary>
    public double LastDuty { get; private set; }

    /// <summary>The signed duty <paramref name="value"/> maps to (the explicit, tested mapping).</summary>
    public double DutyFor(float value) =>
        _calibration.MaxDuty * ActuatorScaling.ToSignedFraction(value, _range, _calibration.Deadband, _calibration.Reversed);

    /// <inheritdoc/>
    public void Write(float value)
    {
        if (!_disposed)
        {
            Send(DutyFor(value));
        }
    }

    /// <inheritdoc/>
    public void WriteNeutral()
    {
        if (!_disposed)
        {
            Send(0);
        }
    }

    /// <summary>Stops the motor, then releases the bridge's pins and PWM channel.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        Send(0);
        _disposed = true;
        try
        {
            _motor.Dispose();
        }
        catch (Exception)
        {
            // Disposal must not throw; the stop above is what made the output safe.
            Status = DeviceStatus.Failed;
        }
    }

    private void Send(double duty)
    {
        try
        {
            _motor.Speed = duty;
            LastDuty = duty;
            Status = DeviceStatus.Ok;
        }
        catch (Exception)
        {
            Status = DeviceStatus.Failed;
        }
    }
}
