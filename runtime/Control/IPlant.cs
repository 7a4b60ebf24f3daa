// The plant: what the control loop senses and commands. A simulator, real channels or the far end of a link all look
// the same to the loop, so one loop (and one supervisor) serves dry runs, hardware-in-the-loop and the robot.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Control;

/// <summary>
/// Something the control loop drives. Called only from the loop thread; no method may throw or allocate per tick:
/// failures show as <see cref="Healthy"/> false or a false <see cref="Sense"/>.
/// </summary>
public interface IPlant : IDisposable
{
    /// <summary>The plant's I/O contract; the loop refuses a policy whose contract differs.</summary>
    RobotContract Contract { get; }

    /// <summary>What the plant is, for messages ("simulator lander", "hardware").</summary>
    string Label { get; }

    /// <summary>True when the plant has nothing more to do (a simulator's episodes are all done).</summary>
    bool Finished { get; }

    /// <summary>Index of the simulator episode running now (0 on hardware), recorded in telemetry.</summary>
    int Episode { get; }

    /// <summary>False when a device reports failure; the supervisor then latches a stop.</summary>
    bool Healthy { get; }

    /// <summary>Writes the newest observation and when it was measured (Stopwatch ticks); false when none is valid.</summary>
    bool Sense(Span<float> observation, out long timestamp);

    /// <summary>Sends one supervised command, in actuator units.</summary>
    void Command(ReadOnlySpan<float> command);

    /// <summary>Sends every actuator's neutral command.</summary>
    void CommandNeutral();
}
