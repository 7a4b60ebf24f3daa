// Small contracts for supervisor and loop tests.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Tests.Fakes;

internal static class TestContracts
{
    /// <summary>Two observations in [-1, 1] and [0, 10]; a thruster in [0, 1] (neutral 0) and a servo in [-2, 2] (neutral 0.5).</summary>
    public static RobotContract Small(double controlHz = 50) => new()
    {
        EnvId = "test",
        ControlHz = controlHz,
        Observations = [new ObservationSpec("a", "1", -1f, 1f), new ObservationSpec("b", "m", 0f, 10f)],
        Actuators = [new ActuatorSpec("thrust", ActuatorKind.Thruster, "1", 0f, 1f, 0f), new ActuatorSpec("steer", ActuatorKind.Servo, "rad", -2f, 2f, 0.5f)],
    };
}
