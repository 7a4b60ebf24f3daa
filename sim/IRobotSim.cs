// The single-robot view of a simulated environment: dry runs and the hardware-in-the-loop plant emulator step one
// robot at a time through it, with exactly the physics the trainer used.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim;

/// <summary>The outcome of one control period of a single simulated robot.</summary>
/// <param name="Reward">Reward earned in this period.</param>
/// <param name="Terminated">The episode ended for a reason inside the task (crash, landing, goal reached).</param>
/// <param name="Truncated">The episode hit its time limit.</param>
/// <param name="Success">The episode ended in success as the environment defines it.</param>
public readonly record struct StepResult(float Reward, bool Terminated, bool Truncated, bool Success);

/// <summary>
/// One simulated robot. Unlike <see cref="IVecEnv"/> it does not reset itself: after a step that terminates or
/// truncates, the caller calls <see cref="Reset"/>. Actions are in the contract's actuator units; non-finite values
/// are treated as neutral and counted (see <see cref="INonFiniteActionCounter"/>).
/// </summary>
public interface IRobotSim : IDisposable
{
    /// <summary>The robot's I/O contract.</summary>
    RobotContract Contract { get; }

    /// <summary>Starts an episode from <paramref name="seed"/> and writes the first observation.</summary>
    void Reset(ulong seed, Span<float> observation);

    /// <summary>Applies one action, advances one control period and writes the next observation.</summary>
    StepResult Step(ReadOnlySpan<float> action, Span<float> observation);
}
