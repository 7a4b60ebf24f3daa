// A quadrature wheel encoder on two GPIO lines, decoded ×4 from edge events.
using System.Device.Gpio;
using System.Diagnostics;

namespace DrlRobot.Hardware.Devices.Encoders;

/// <summary>
/// Counts quadrature edges on channels A and B. The decoder keeps the two levels from the edges themselves (not from
/// reading the pins afterwards), so a late callback cannot misread a level that has already moved on. An edge that
/// leaves its channel where the decoder already had it (a rise on a line it holds high) means the opposite edge was
/// missed; it is counted in <see cref="Errors"/>, not guessed. A positive count means A leads B.
/// </summary>
public sealed class QuadratureEncoder : IDisposable
{
    // Index: previous state × 4 + new state, state = A × 2 + B. Forward sequence 00 → 10 → 11 → 01 → 00. Each event
    // moves one channel, so only one-bit transitions (±1) and no change (0, a missed edge) occur.
    private static readonly sbyte[] Step =
    [
        0, -1, +1, 0,
        +1, 0, 0, -1,
        -1, 0, 0, +1,
        0, +1, -1, 0,
    ];

    private readonly GpioController _controllerA;
    private readonly GpioController _controllerB;
    private readonly int _pinA;
    private readonly int _pinB;
    private readonly bool _openedA;
    private readonly bool _openedB;
    private readonly TimeProvider _time;
    private readonly Lock _sync = new();
    private int _state;
    private long _count;
    private long _errors;
    private long _lastEdge;
    private bool _disposed;

    /// <summary>
    /// Listens for both edges on <paramref name="pinA"/> and <paramref name="pinB"/>. Pins not yet open are opened as
    /// pulled-up inputs (open-collector encoders need it) and closed on dispose; pins already open are used as they
    /// are. The controller stays the caller's.
    /// </summary>
    public QuadratureEncoder(GpioController controller, int pinA, int pinB, TimeProvider? time = null)
        : this(controller, pinA, controller, pinB, time)
    {
    }

    /// <summary>
    /// The channels on two controllers. Iot.Device.Gpio.VirtualGpioController 4.2 delivers edge callbacks for the first
    /// pin registered on it only, so mapped pins need one virtual controller per channel.
    /// </summary>
    public QuadratureEncoder(GpioController controllerA, int pinA, GpioController controllerB, int pinB, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(controllerA);
        ArgumentNullException.ThrowIfNull(controllerB);
        if (controllerA == controllerB && pinA == pinB)
        {
            throw new ArgumentException($"encoder channels A and B must be different pins (both are {pinA})", nameof(pinB));
        }
        (_controllerA, _controllerB, _pinA, _pinB) = (controllerA, controllerB, pinA, pinB);
        _time = time ?? TimeProvider.System;
        try
        {
            _openedA = OpenInput(controllerA, pinA);
            _openedB = OpenInput(controllerB, pinB);
            _state = (Level(controllerA.Read(pinA)) << 1) | Level(controllerB.Read(pinB));
            controllerA.RegisterCallbackForPinValueChangedEvent(pinA, PinEventTypes.Rising | PinEventTypes.Falling, OnEdgeA);
            controllerB.RegisterCallbackForPinValueChangedEvent(pinB, PinEventTypes.Rising | PinEventTypes.Falling, OnEdgeB);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"encoder on GPIO {pinA}/{pinB}: {e.Message}", e);
        }
    }

    /// <summary>Net counts since start (four per encoder line).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Edges that found their channel already at the new level (an edge was missed before them).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>When the last edge arrived, in <see cref="Stopwatch"/> ticks of the encoder's clock (0 before any).</summary>
    public long LastEdgeTimestamp => Interlocked.Read(ref _lastEdge);

    /// <summary>Stops listening, and closes the pins if this encoder opened them.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            _controllerA.UnregisterCallbackForPinValueChangedEvent(_pinA, OnEdgeA);
            _controllerB.UnregisterCallbackForPinValueChangedEvent(_pinB, OnEdgeB);
            if (_openedA)
            {
                _controllerA.ClosePin(_pinA);
            }
            if (_openedB)
            {
                _controllerB.ClosePin(_pinB);
            }
        }
        catch (Exception)
        {
            // Disposal must not throw; the controller may already be gone.
        }
    }

    private static bool OpenInput(GpioController controller, int pin)
    {
        if (controller.IsPinOpen(pin))
        {
            return false;
        }
        controller.OpenPin(pin, PinMode.InputPullUp);
        return true;
    }

    private static int Level(PinValue value) => value == PinValue.High ? 1 : 0;

    private void OnEdgeA(object sender, PinValueChangedEventArgs e) => OnEdge(2, e.ChangeType);

    private void OnEdgeB(object sender, PinValueChangedEventArgs e) => OnEdge(1, e.ChangeType);

    private void OnEdge(int bit, PinEventTypes change)
    {
        lock (_sync)
        {
            int next = change == PinEventTypes.Rising ? _state | bit : _state & ~bit;
            if (next == _state)
            {
                Interlocked.Increment(ref _errors);
            }
            else
            {
                Interlocked.Add(ref _count, Step[(_state * 4) + next]);
                _state = next;
            }
            Interlocked.Exchange(ref _lastEdge, _time.GetTimestamp());
        }
    }
}
