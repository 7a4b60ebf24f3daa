// The numbers of the differential-drive rover: a 2 kg chassis on two geared DC motors, roughly a hobby robot kit.
namespace DrlRobot.Sim.Envs.Rover;

/// <summary>Constants of the rover and its task, in SI units.</summary>
internal static class RoverConstants
{
    public const float ControlHz = 20f;
    public const float Dt = 1f / ControlHz;
    public const int MaxSteps = 400;

    /// <summary>Wheel and tyre dynamics are stiff: 10 substeps of 5 ms keep the explicit integration stable.</summary>
    public const int Substeps = 10;

    public const float Mass = 2f;
    public const float Inertia = 0.012f;
    public const float Gravity = 9.81f;
    public const float WheelRadius = 0.035f;
    public const float TrackWidth = 0.15f;

    /// <summary>Wheel, gearbox and rotor inertia seen at the wheel.</summary>
    public const float WheelInertia = 1e-3f;

    /// <summary>The motor's torque–speed line at full battery voltage, at the wheel: stall torque and free speed.</summary>
    public const float StallTorque = 0.3f;
    public const float FreeSpeed = 20f;

    /// <summary>Viscous friction of each wheel's gearbox and bearings (N·m·s/rad).</summary>
    public const float WheelFriction = 0.002f;

    /// <summary>Tyre grip: peak force is mu × load, reached over a slip speed of a few centimetres per second.</summary>
    public const float GripCoefficient = 0.8f;
    public const float SlipSpeed = 0.1f;

    /// <summary>Rolling resistance of the chassis and its caster (N per m/s).</summary>
    public const float RollingResistance = 0.5f;

    /// <summary>The motor driver ignores tiny commands and outputs 8-bit PWM.</summary>
    public const float MotorDeadband = 0.05f;
    public const int PwmSteps = 256;

    public const float GoalMinDistance = 0.5f;
    public const float GoalMaxDistance = 3f;
    public const float SuccessDistance = 0.1f;
    public const float StillSpeed = 0.05f;
    public const float StillYawRate = 0.2f;
    public const float LostDistance = 5f;
}
