// The three ways a policy can drive the same lander body, and the contracts they publish.
using DrlRobot.Sim.Actuators;
using DrlRobot.Sim.Contracts;
using static DrlRobot.Sim.Envs.Lander.LanderConstants;

namespace DrlRobot.Sim.Envs.Lander;

/// <summary>How actions drive the lander's engines.</summary>
internal enum LanderVariant
{
    /// <summary>`lander`: main in [-1, 1] (off below 0, 50–100 % above), lateral in [-1, 1] with a ±0.5 dead zone.</summary>
    Continuous,

    /// <summary>`lander-discrete`: the same two actuators, driven only with the four rows of the discrete table.</summary>
    Discrete,

    /// <summary>`lander3`: three thrusters main, left, right in [0, 1], no dead zones, lagging and noisy.</summary>
    ThreeThrusters,
}

/// <summary>Ids, contracts and actuator models of the lander variants.</summary>
internal static class LanderContracts
{
    public const string LanderId = "lander";
    public const string DiscreteId = "lander-discrete";
    public const string ThreeId = "lander3";

    /// <summary>Time constant of lander3's thrusters (an ESC and propeller spinning up).</summary>
    public const float ThrusterLagSeconds = 0.05f;

    /// <summary>Relative standard deviation of lander3's thrust, drawn per thruster per step.</summary>
    public const float ThrustNoise = 0.05f;

    public static string IdOf(LanderVariant variant) => variant switch
    {
        LanderVariant.Continuous => LanderId,
        LanderVariant.Discrete => DiscreteId,
        _ => ThreeId,
    };

    public static RobotContract Create(LanderVariant variant) => new()
    {
        EnvId = IdOf(variant),
        ControlHz = Fps,
        ActionKind = variant == LanderVariant.Discrete ? ActionKind.Discrete : ActionKind.Continuous,
        Observations =
        [
            new ObservationSpec("x", "1", -1.5f, 1.5f),
            new ObservationSpec("y", "1", -1.5f, 1.5f),
            new ObservationSpec("vx", "1", -5f, 5f),
            new ObservationSpec("vy", "1", -5f, 5f),
            new ObservationSpec("angle", "rad", -MathF.PI, MathF.PI),
            new ObservationSpec("angular_velocity", "1", -5f, 5f),
            new ObservationSpec("left_leg_contact", "1", 0f, 1f),
            new ObservationSpec("right_leg_contact", "1", 0f, 1f),
        ],
        Actuators = variant == LanderVariant.ThreeThrusters
            ?
            [
                new ActuatorSpec("main", ActuatorKind.Thruster, "1", 0f, 1f, 0f),
                new ActuatorSpec("left", ActuatorKind.Thruster, "1", 0f, 1f, 0f),
                new ActuatorSpec("right", ActuatorKind.Thruster, "1", 0f, 1f, 0f),
            ]
            :
            [
                new ActuatorSpec("main", ActuatorKind.Thruster, "1", -1f, 1f, 0f),
                new ActuatorSpec("lateral", ActuatorKind.Thruster, "1", -1f, 1f, 0f),
            ],
        // Nothing, left booster full, main full, right booster full: the classic DQN set.
        DiscreteActions = variant == LanderVariant.Discrete ? [[0f, 0f], [0f, -1f], [1f, 0f], [0f, 1f]] : [],
    };

    public static ActuatorModel[] Models(LanderVariant variant) => variant == LanderVariant.ThreeThrusters
        ? [.. Enumerable.Range(0, 3).Select(_ => new ActuatorModel { LagSeconds = ThrusterLagSeconds })]
        : [new ActuatorModel(), new ActuatorModel()];
}
