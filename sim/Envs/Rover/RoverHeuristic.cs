// The rover's hand-written controller: turn toward the goal, drive at a speed that shrinks with the distance,
// and track the wheel speeds this asks for with feedforward plus feedback on the measured wheel speeds.
using static DrlRobot.Sim.Envs.Rover.RoverConstants;

namespace DrlRobot.Sim.Envs.Rover;

/// <summary>Go-to-goal with a stop inside the success radius.</summary>
internal sealed class RoverHeuristic : IController
{
    public void Act(ReadOnlySpan<float> o, Span<float> action)
    {
        float gx = o[0], gy = o[1];
        float distance = MathF.Sqrt((gx * gx) + (gy * gy));
        float bearing = MathF.Atan2(gy, gx);
        float speed = 0f, turn = 0f;
        if (distance > 0.6f * SuccessDistance)
        {
            // Drive only when roughly facing the goal; slow down on the final approach.
            speed = MathF.Min(0.5f, 0.8f * distance) * MathF.Max(0f, MathF.Cos(bearing));
            turn = Math.Clamp(3f * bearing, -3f, 3f);
        }
        float targetLeft = (speed - (turn * TrackWidth / 2f)) / WheelRadius;
        float targetRight = (speed + (turn * TrackWidth / 2f)) / WheelRadius;
        action[0] = Command(targetLeft, o[5]);
        action[1] = Command(targetRight, o[6]);
    }

    private static float Command(float target, float measured)
    {
        if (target == 0f)
        {
            return 0f; // let the motor brake itself through its back-EMF
        }
        float command = (target / FreeSpeed) + (0.5f * (target - measured) / FreeSpeed);
        // Step over the driver's deadband so slow final approaches still move the wheels.
        if (MathF.Abs(command) < 1.2f * MotorDeadband)
        {
            command = MathF.CopySign(1.2f * MotorDeadband, command);
        }
        return Math.Clamp(command, -1f, 1f);
    }
}
