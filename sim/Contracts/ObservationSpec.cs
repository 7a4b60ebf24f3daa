// One observation of a robot contract: what the policy reads, in which unit, over which declared range.
namespace DrlRobot.Sim.Contracts;

/// <summary>An observation the policy receives, in the contract's units.</summary>
/// <param name="Name">Stable identifier; hardware configs and telemetry refer to it.</param>
/// <param name="Unit">Unit of the value as the policy sees it ("m", "rad/s", "1" for dimensionless).</param>
/// <param name="Low">Lowest value expected in normal operation.</param>
/// <param name="High">Highest value expected in normal operation.</param>
public sealed record ObservationSpec(string Name, string Unit, float Low, float High);
