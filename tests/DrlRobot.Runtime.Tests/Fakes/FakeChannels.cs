// Hand-written output and input channels that record what was written, for ChannelPlant and dispose tests.
using DrlRobot.Hardware;
using DrlRobot.Hardware.Inputs;
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Runtime.Tests.Fakes;

internal sealed class FakeOutput(string name, float neutral) : IOutputChannel
{
    public string Name { get; } = name;

    public float Neutral { get; } = neutral;

    public DeviceStatus Status { get; set; } = DeviceStatus.Ok;

    public float Value { get; private set; } = float.NaN;

    public int Writes { get; private set; }

    public bool Disposed { get; private set; }

    public void Write(float value)
    {
        Value = value;
        Writes++;
    }

    public void WriteNeutral() => Write(Neutral);

    public void Dispose()
    {
        WriteNeutral();
        Disposed = true;
    }
}

internal sealed class FakeInput(params string[] names) : IInputChannel
{
    public IReadOnlyList<string> ValueNames { get; } = names;

    public DeviceStatus Status { get; set; } = DeviceStatus.Ok;

    public float[] Values { get; set; } = new float[names.Length];

    public long Timestamp { get; set; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public bool Available { get; set; } = true;

    public bool TryRead(Span<float> values, out long timestamp)
    {
        Values.CopyTo(values);
        timestamp = Timestamp;
        return Available;
    }

    public void Dispose()
    {
    }
}
