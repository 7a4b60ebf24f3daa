// A hand-written controller: the heuristics that calibrate each environment and demonstrate it without a policy.
namespace DrlRobot.Sim;

/// <summary>Maps one observation to one action, both in the contract's units. Implementations allocate nothing.</summary>
public interface IController
{
    /// <summary>Writes the action for <paramref name="observation"/> into <paramref name="action"/>.</summary>
    void Act(ReadOnlySpan<float> observation, Span<float> action);
}
