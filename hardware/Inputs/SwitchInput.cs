// A switch on one GPIO line (kill switch, leg contact) as an input: 1 while active, 0 otherwise.
using System.Device.Gpio;

namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// One digital input with its active level. An active-low switch closes to ground against the pin's pull-up, so a
/// broken wire reads inactive; a kill switch should therefore be wired normally-closed and active-high, so that a
/// cut wire reads as "stop" (see the README's wiring notes).
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
    /// Opens <paramref name="pin"/> as an input pulled away from its active level (unless already open, as a
    /// VirtualGpioController's pins are). The controller stays the caller's.
    /// </summary>
    public SwitchInput(GpioController controller, int pin, PinValue activeLevel, TimeProvider? time = null)
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
                controller.OpenPin(pin, activeLevel == PinValue.Low ? PinMode.InputPullUp : PinMode.InputPullDown);
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
