// A clock the test moves by hand, for arming delays and reading ages.
namespace DrlRobot.Hardware.Tests.Fakes;

internal sealed class FakeTime : TimeProvider
{
    private long _ticks = 1_000_000;

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += (long)(by.TotalSeconds * TimestampFrequency);
}
