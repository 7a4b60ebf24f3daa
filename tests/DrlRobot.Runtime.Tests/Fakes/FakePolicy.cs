// A policy for loop and supervisor tests: returns a scripted action per call, optionally slow on chosen calls.
using DrlRobot.Runtime.Policy;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Tests.Fakes;

internal sealed class FakePolicy(RobotContract contract, Func<long, float> action) : IPolicy
{
    public RobotContract Contract { get; } = contract;

    public long Calls { get; private set; }

    /// <summary>Busy-waits this long inside the call with the given index.</summary>
    public (long Call, TimeSpan Delay)? Slow { get; set; }

    public void Act(ReadOnlySpan<float> observation, Span<float> output)
    {
        if (Slow is { } slow && slow.Call == Calls)
        {
            var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(slow.Delay.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(10);
            }
        }
        output.Fill(action(Calls));
        Calls++;
    }

    public void Dispose()
    {
    }
}
