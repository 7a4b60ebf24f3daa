// Builds Iot.Device.DCMotor drivers for the H-bridge wirings DrlRobot supports, with one direction convention.
using System.Device.Gpio;
using System.Device.Pwm;
using Iot.Device.DCMotor;

namespace DrlRobot.Hardware.Outputs;

/// <summary>
/// H-bridge wirings. Our convention is the L298N datasheet's: a positive command drives IN1 high and IN2 low. The
/// binding's three-pin motor does the opposite for (pin0, pin1), so the pins are handed over swapped.
/// </summary>
public static class HBridge
{
    /// <summary>
    /// Three pins (L298N, TB6612): PWM on the enable input, two direction inputs. The motor takes ownership of
    /// <paramref name="enable"/> and its pins, not of <paramref name="controller"/>.
    /// </summary>
    public static DCMotor ThreePin(PwmChannel enable, int in1, int in2, GpioController controller) =>
        DCMotor.Create(enable, in2, in1, controller, shouldDispose: false);

    /// <summary>
    /// Two pins (Cytron MD10C style): PWM for speed and one direction input, high for a positive command. The motor
    /// takes ownership of <paramref name="pwm"/>, not of <paramref name="controller"/>.
    /// </summary>
    public static DCMotor TwoPin(PwmChannel pwm, int direction, GpioController controller) =>
        DCMotor.Create(pwm, direction, controller, shouldDispose: false, singleBiDirectionPin: true);
}
