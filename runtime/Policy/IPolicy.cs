// The policy as the control loop sees it: observation in, actuator command out, no algorithm in sight.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Policy;

/// <summary>
/// A deterministic policy bound to one robot contract. <see cref="Act"/> is called once per control tick and must
/// not allocate: observation and action are spans over buffers the caller owns.
/// </summary>
public interface IPolicy : IDisposable
{
    /// <summary>The contract the policy was trained for.</summary>
    RobotContract Contract { get; }

    /// <summary>Computes the actuator command, in actuator units, for one observation in contract units.</summary>
    void Act(ReadOnlySpan<float> observation, Span<float> action);
}
