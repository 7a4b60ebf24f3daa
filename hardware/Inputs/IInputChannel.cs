// A named input the runtime reads: an IMU, an encoder, an external tracker, or telemetry from a link.
namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// A source of one or more readings, each timestamped. <see cref="TryRead"/> never throws: a failure shows in
/// <see cref="Status"/> and a false return, and the supervisor's staleness check acts on the age of the last reading.
/// </summary>
public interface IInputChannel : IDisposable
{
    /// <summary>Names of the values this input provides, in the order <see cref="TryRead"/> writes them.</summary>
    IReadOnlyList<string> ValueNames { get; }

    /// <summary>Health after the last read.</summary>
    DeviceStatus Status { get; }

    /// <summary>
    /// Writes the latest values into <paramref name="values"/> and the time they were measured, in
    /// <see cref="System.Diagnostics.Stopwatch"/> ticks, into <paramref name="timestamp"/>; false when nothing valid is
    /// available.
    /// </summary>
    bool TryRead(Span<float> values, out long timestamp);
}
