// An input channel whose values, timestamp and validity the test sets, counting how often it was read.
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Hardware.Tests.Fakes;

internal sealed class FakeInput(params string[] names) : IInputChannel
{
    public IReadOnlyList<string> ValueNames { get; } = names;

    public DeviceStatus Status { get; set; } = DeviceStatus.Ok;

    public float[] Values { get; } = new float[names.Length];

    public long Timestamp { get; set; }

    public bool Valid { get; set; } = true;

    public int Reads { get; private set; }

    public bool Disposed { get; private set; }

    public bool TryRead(Span<float> values, out long timestamp)
    {
        Reads++;
        timestamp = Timestamp;
        Values.CopyTo(values);
        return Valid;
    }

    public void Dispose() => Disposed = true;
}
