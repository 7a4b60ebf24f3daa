// NaN and infinite actions never reach the physics: environments replace them with the neutral command and count
// them, so a runtime or trainer can report a policy that produces them.
namespace DrlRobot.Sim;

/// <summary>Environments count the actions they received with NaN or infinite values (and treated as neutral).</summary>
public interface INonFiniteActionCounter
{
    /// <summary>How many action vectors contained a NaN or an infinity since the environment was created.</summary>
    long NonFiniteActionCount { get; }
}
