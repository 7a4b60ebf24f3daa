// A PwmChannel that records every duty cycle, start and stop, and can be told to fail, for tests without a board.
using System.Device.Pwm;

namespace DrlRobot.Hardware.Tests.Fakes;

internal sealed class FakePwmChannel(int frequency = 50) : PwmChannel
{
    private double _dutyCycle;

    public List<double> DutyCycles { get; } = [];

    public bool Running { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>When true, setting the duty cycle throws, as a sysfs write to a vanished chip would.</summary>
    public bool Fail { get; set; }

    public override int Frequency { get; set; } = frequency;

    public override double DutyCycle
    {
        get => _dutyCycle;
        set
        {
            if (Fail)
            {
                throw new IOException("pwm write failed");
            }
            _dutyCycle = value;
            DutyCycles.Add(value);
        }
    }

    /// <summary>The pulse width the last duty cycle means at this frequency, µs.</summary>
    public double PulseMicroseconds => _dutyCycle * 1e6 / Frequency;

    public override void Start() => Running = true;

    public override void Stop() => Running = false;

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        Running = false;
        base.Dispose(disposing);
    }
}
