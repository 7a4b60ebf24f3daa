// A switch on one GPIO line (kill switch, leg contact) as an input: 1 while active, 0 otherwise.
using System.Device.Gpio;

namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// One digital input with its active level. A sensing switch (a leg contact) is pulled away from its active level, so
/// an unwired pin reads inactive. A fail-safe switch (the kill switch) is pulled toward it instead and wired normally
/// closed to the other level: pressing it or cutting its wire both read active, meaning stop.
/// </summary>
public sealed class SwitchInput : IInputChannel
{
    /// <summary>The single value this input provides.</summary>
    public static IReadOnlyList<string> Names { get; } = ["active"];

    private readonly GpioController _controller;
    private readonly int _pin;
    private readonly PinValue _activeLevel;
    private readonly bool _openedPin;
    private readonly TimeProvider _time;

    /// <summary>
    /// Opens <paramref name="pin"/> as an input pulled away from its active level, or toward it when
    /// <paramref name="failSafe"/> (unless already open, as a VirtualGpioController's pins are). The controller stays
    /// the caller's. The Pi's internal pulls are weak (about 50 kΩ); add an external resistor on long wires.
    /// </summary>
    public SwitchInput(GpioController controller, int pin, PinValue activeLevel, TimeProvider? time = null, bool failSafe = false)
    {
        ArgumentNullException.ThrowIfNull(controller);
        _controller = controller;
        _pin = pin;
        _activeLevel = activeLevel;
        _time = time ?? TimeProvider.System;
        try
        {
            if (!controller.IsPinOpen(pin))
            {
                bool pullUp = (activeLevel == PinValue.High) == failSafe;
                controller.OpenPin(pin, pullUp ? PinMode.InputPullUp : PinMode.InputPullDown);
                _openedPin = true;
            }
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new IOException($"switch on GPIO {pin}: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ValueNames => Names;

    /// <inheritdoc/>
    public DeviceStatus Status { get; private set; } = DeviceStatus.Ok;

    /// <summary>Reads the pin now; false when it cannot be read.</summary>
    public bool TryIsActive(out bool active)
    {
        try
        {
            active = _controller.Read(_pin) == _activeLevel;
            Status = DeviceStatus.Ok;
            return true;
        }
        catch (Exception)
        {
            active = false;
            Status = DeviceStatus.Failed;
            return false;
        }
    }

    /// <inheritdoc/>
    public bool TryRead(Span<float> values, out long timestamp)
    {
        timestamp = _time.GetTimestamp();
        if (!TryIsActive(out bool active))
        {
            return false;
        }
        values[0] = active ? 1f : 0f;
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_openedPin)
        {
            try
            {
                _controller.ClosePin(_pin);
            }
            catch (Exception)
            {
                // Disposal must not throw; the controller may already be gone.
            }
        }
    }
}
