// One PCA9685 channel seen as a System.Device.Pwm.PwmChannel, for ESCs, servos and H-bridge enable inputs.
using System.Device.Pwm;

namespace DrlRobot.Hardware.Devices.Pca9685;

/// <summary>
/// A channel of a <see cref="Pca9685Device"/>. The frequency is shared by all sixteen channels, so it can only be
/// read; setting it to anything but the board's frequency throws. Stop and Dispose turn the channel fully off.
/// </summary>
internal sealed class Pca9685PwmChannel(Pca9685Device board, int channel) : PwmChannel
{
    private double _dutyCycle;
    private bool _running;

    public override int Frequency
    {
        get => (int)Math.Round(board.FrequencyHz);
        set
        {
            if (value != Frequency)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"PCA9685 channels share the board frequency ({Frequency} Hz); set it in the board's settings");
            }
        }
    }

    public override double DutyCycle
    {
        get => _dutyCycle;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0.0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            if (_running)
            {
                // The duty was computed from the rounded frequency; convert back through the exact period.
                board.SetDutyCycle(channel, value * board.FrequencyHz / Frequency);
            }
            _dutyCycle = value;
        }
    }

    public override void Start()
    {
        _running = true;
        board.SetDutyCycle(channel, _dutyCycle * board.FrequencyHz / Frequency);
    }

    public override void Stop()
    {
        _running = false;
        board.SetDutyCycle(channel, 0);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                Stop();
            }
            catch (Exception)
            {
                // Disposal must not throw; the board turns every channel off when it is disposed.
            }
            board.ReleaseChannel(channel);
        }
        base.Dispose(disposing);
    }
}
