// A kill switch: something outside the policy that says "stop now". Polled once per tick, so reading it must be cheap
// and allocation-free; implementations that need I/O do it on their own thread and publish a flag.
namespace DrlRobot.Runtime.Safety;

/// <summary>A stop request from outside the control loop (a file, a POSIX signal, a GPIO input).</summary>
public interface IKillSwitch : IDisposable
{
    /// <summary>What the switch is, for messages ("file /run/drl/stop", "SIGINT/SIGTERM").</summary>
    string Description { get; }

    /// <summary>The stop reason a trip reports.</summary>
    StopReason Reason { get; }

    /// <summary>Whether the switch asks for a stop now. Cheap, thread-safe, allocation-free.</summary>
    bool IsTripped { get; }
}
