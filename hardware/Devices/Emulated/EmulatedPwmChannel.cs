// A PwmChannel in memory standing in for one of the Pi's hardware PWM outputs (an ESC signal, an H-bridge enable).
using System.Device.Pwm;

namespace DrlRobot.Hardware.Devices.Emulated;

/// <summary>
/// An emulated hardware PWM channel: drivers set frequency and duty as on sysfs; the simulator reads
/// <see cref="EffectiveDutyCycle"/> (0 while stopped). Thread-safe for one writer and one reader.
/// </summary>
public sealed class EmulatedPwmChannel(int chip, int channel, int frequency, double dutyCycle) : PwmChannel
{
    private volatile bool _running;
    private double _dutyCycle = dutyCycle;

    /// <summary>The PWM chip number (pwmchipN).</summary>
    public int Chip { get; } = chip;

    /// <summary>The channel on the chip.</summary>
    public int Channel { get; } = channel;

    /// <summary>When true every write throws <see cref="IOException"/>, as a sysfs write to a vanished chip would.</summary>
    public bool Disconnected { get; set; }

    /// <inheritdoc/>
    public override int Frequency { get; set; } = frequency;

    /// <inheritdoc/>
    public override double DutyCycle
    {
        get => Volatile.Read(ref _dutyCycle);
        set
        {
            if (Disconnected)
            {
                throw new IOException($"pwmchip{Chip}/pwm{Channel} does not answer");
            }
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0.0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            Volatile.Write(ref _dutyCycle, value);
        }
    }

    /// <summary>True between Start and Stop.</summary>
    public bool Running => _running;

    /// <summary>The duty cycle on the wire: the set duty while running, 0 otherwise.</summary>
    public double EffectiveDutyCycle => _running ? DutyCycle : 0.0;

    /// <summary>The pulse on the wire, µs.</summary>
    public double PulseMicroseconds => EffectiveDutyCycle * 1e6 / Frequency;

    /// <inheritdoc/>
    public override void Start() => _running = true;

    /// <inheritdoc/>
    public override void Stop() => _running = false;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _running = false;
        base.Dispose(disposing);
    }
}
