// A named output the runtime drives: one thruster ESC, one motor, one servo, or one channel of a link.
namespace DrlRobot.Hardware.Outputs;

/// <summary>
/// One actuator output in the contract's units. Drivers translate the value to pulses, duty cycles or link
/// commands. <see cref="Write"/> never throws: a failure shows in <see cref="Status"/>. Disposing leaves the output
/// at <see cref="Neutral"/>.
/// </summary>
public interface IOutputChannel : IDisposable
{
    /// <summary>The actuator name of the contract this channel is wired to.</summary>
    string Name { get; }

    /// <summary>The safe command in actuator units.</summary>
    float Neutral { get; }

    /// <summary>Health after the last write.</summary>
    DeviceStatus Status { get; }

    /// <summary>Commands <paramref name="value"/> (actuator units, already clamped by the supervisor).</summary>
    void Write(float value);

    /// <summary>Commands <see cref="Neutral"/>.</summary>
    void WriteNeutral();
}
