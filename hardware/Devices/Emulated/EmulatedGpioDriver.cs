// A GpioDriver with pins in memory: drivers write and read them, the simulator drives inputs and gets edge events out.
using System.Device.Gpio;

namespace DrlRobot.Hardware.Devices.Emulated;

/// <summary>
/// Emulated GPIO lines behind a real <see cref="GpioController"/>, so H-bridges, encoders and switches run the same
/// code as on a Pi. <see cref="SetInput"/> plays the outside world (an encoder's channel, a switch) and raises edge
/// callbacks; <see cref="Level"/> reads what a driver wrote. Thread-safe.
/// </summary>
public sealed class EmulatedGpioDriver : GpioDriver
{
    private readonly Lock _sync = new();
    private readonly Dictionary<int, PinState> _pins = [];

    /// <summary>Lines 0 … <paramref name="pinCount"/> − 1 (28 on a Pi's header).</summary>
    public EmulatedGpioDriver(int pinCount = 28)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pinCount);
        PinCount = pinCount;
    }

    /// <inheritdoc/>
    protected override int PinCount { get; }

    /// <summary>A controller over this driver (pins numbered as the driver numbers them).</summary>
    public GpioController CreateController() => new(this);

    /// <summary>The level on <paramref name="pin"/>, as a driver wrote it or the world set it.</summary>
    public PinValue Level(int pin)
    {
        lock (_sync)
        {
            return State(pin).Value;
        }
    }

    /// <summary>True while some driver has <paramref name="pin"/> open.</summary>
    public bool IsOpen(int pin)
    {
        lock (_sync)
        {
            return _pins.TryGetValue(pin, out PinState? state) && state.Open;
        }
    }

    /// <summary>
    /// Drives <paramref name="pin"/> from outside (a sensor or switch) and raises the matching edge callbacks, unless
    /// <paramref name="raiseEvent"/> is false: that models an edge the kernel missed.
    /// </summary>
    public void SetInput(int pin, PinValue value, bool raiseEvent = true)
    {
        PinChangeEventHandler[] handlers;
        PinEventTypes edge;
        lock (_sync)
        {
            PinState state = State(pin);
            state.Driven = true;
            if (state.Value == value)
            {
                return;
            }
            state.Value = value;
            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            handlers = raiseEvent ? [.. state.Callbacks.Where(c => (c.Events & edge) != 0).Select(c => c.Handler)] : [];
        }
        // Outside the lock: a handler may read pins.
        var args = new PinValueChangedEventArgs(edge, pin);
        foreach (PinChangeEventHandler handler in handlers)
        {
            handler(this, args);
        }
    }

    /// <inheritdoc/>
    protected override void OpenPin(int pinNumber)
    {
        lock (_sync)
        {
            State(pinNumber).Open = true;
        }
    }

    /// <inheritdoc/>
    protected override void ClosePin(int pinNumber)
    {
        lock (_sync)
        {
            PinState state = State(pinNumber);
            state.Open = false;
            state.Callbacks.Clear();
        }
    }

    /// <inheritdoc/>
    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_sync)
        {
            PinState state = State(pinNumber);
            state.Mode = mode;
            // A pull resistor sets the level only while nothing outside drives the line.
            if (state.Driven)
            {
                return;
            }
            if (mode == PinMode.InputPullUp)
            {
                state.Value = PinValue.High;
            }
            else if (mode == PinMode.InputPullDown)
            {
                state.Value = PinValue.Low;
            }
        }
    }

    /// <inheritdoc/>
    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_sync)
        {
            return State(pinNumber).Mode;
        }
    }

    /// <inheritdoc/>
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    /// <inheritdoc/>
    protected override PinValue Read(int pinNumber) => Level(pinNumber);

    /// <inheritdoc/>
    protected override void Toggle(int pinNumber) => Write(pinNumber, !Level(pinNumber));

    /// <inheritdoc/>
    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_sync)
        {
            State(pinNumber).Value = value;
        }
    }

    /// <inheritdoc/>
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        using var signalled = new ManualResetEventSlim();
        PinEventTypes seen = PinEventTypes.None;
        void OnEdge(object sender, PinValueChangedEventArgs e)
        {
            seen = e.ChangeType;
            signalled.Set();
        }
        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, OnEdge);
        try
        {
            signalled.Wait(cancellationToken);
            return new WaitForEventResult { EventTypes = seen, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, OnEdge);
        }
    }

    /// <inheritdoc/>
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_sync)
        {
            State(pinNumber).Callbacks.Add((eventTypes, callback));
        }
    }

    /// <inheritdoc/>
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_sync)
        {
            State(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
        }
    }

    /// <inheritdoc/>
    public override GpioChipInfo GetChipInfo() => new(0, "emulated", "drlrobot-emulated", PinCount);

    private PinState State(int pin)
    {
        if (pin < 0 || pin >= PinCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pin), pin, $"the emulated GPIO has lines 0–{PinCount - 1}");
        }
        if (!_pins.TryGetValue(pin, out PinState? state))
        {
            state = new PinState();
            _pins[pin] = state;
        }
        return state;
    }

    private sealed class PinState
    {
        public bool Open { get; set; }

        public PinMode Mode { get; set; } = PinMode.Input;

        public PinValue Value { get; set; } = PinValue.Low;

        public bool Driven { get; set; }

        public List<(PinEventTypes Events, PinChangeEventHandler Handler)> Callbacks { get; } = [];
    }
}
