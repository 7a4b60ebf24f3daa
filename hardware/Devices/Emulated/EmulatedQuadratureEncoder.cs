// The simulator's side of a wheel encoder: turns a wheel angle into A/B levels on emulated GPIO lines, edge by edge.
using System.Device.Gpio;

namespace DrlRobot.Hardware.Devices.Emulated;

/// <summary>
/// Emits the quadrature sequence a real encoder would for a wheel moving to a new position, one edge at a time, so
/// the decoder on the other side counts it exactly as on a Pi.
/// </summary>
public sealed class EmulatedQuadratureEncoder
{
    private static readonly (bool A, bool B)[] Sequence = [(false, false), (true, false), (true, true), (false, true)];
    private readonly EmulatedGpioDriver _gpio;
    private readonly int _pinA;
    private readonly int _pinB;
    private readonly Lock _sync = new();

    /// <summary>An encoder at count 0 with both lines low.</summary>
    public EmulatedQuadratureEncoder(EmulatedGpioDriver gpio, int pinA, int pinB, int countsPerRevolution)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(countsPerRevolution);
        _gpio = gpio;
        _pinA = pinA;
        _pinB = pinB;
        CountsPerRevolution = countsPerRevolution;
        gpio.SetInput(pinA, PinValue.Low);
        gpio.SetInput(pinB, PinValue.Low);
    }

    /// <summary>Counts per wheel revolution (×4 decoded).</summary>
    public int CountsPerRevolution { get; }

    /// <summary>Current position in counts.</summary>
    public long Count { get; private set; }

    /// <summary>Moves the wheel to <paramref name="angleRadians"/>, emitting every edge in between.</summary>
    public void SetAngle(double angleRadians) =>
        MoveTo((long)Math.Round(angleRadians / (2 * Math.PI) * CountsPerRevolution));

    /// <summary>Moves to <paramref name="count"/>, emitting every edge in between.</summary>
    public void MoveTo(long count)
    {
        lock (_sync)
        {
            while (Count != count)
            {
                Count += Math.Sign(count - Count);
                (bool a, bool b) = Sequence[(int)(((Count % 4) + 4) % 4)];
                _gpio.SetInput(_pinA, a ? PinValue.High : PinValue.Low);
                _gpio.SetInput(_pinB, b ? PinValue.High : PinValue.Low);
            }
        }
    }
}
