// A kill switch the test trips by hand.
using DrlRobot.Runtime.Safety;

namespace DrlRobot.Runtime.Tests.Fakes;

internal sealed class FakeKillSwitch(StopReason reason = StopReason.KillSwitch) : IKillSwitch
{
    public string Description => "fake";

    public StopReason Reason { get; } = reason;

    public bool IsTripped { get; set; }

    public void Dispose()
    {
    }
}
