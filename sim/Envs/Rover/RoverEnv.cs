// `rover`: a differential-drive robot with two DC motors must reach a random goal within 3 m and stop on it.
// Motors follow a torque–speed line, tyres grip with a saturating slip curve, and the chassis can skid sideways.
using DrlRobot.Sim.Actuators;
using DrlRobot.Sim.Contracts;
using DrlRobot.Sim.Vec;
using static DrlRobot.Sim.Envs.Rover.RoverConstants;

namespace DrlRobot.Sim.Envs.Rover;

/// <summary>A batch of rovers; observations are in the body frame (x forward, y left).</summary>
internal sealed class RoverEnv : VecEnvBase
{
    public const string Id = "rover";
    private const int NumObs = 7;

    private readonly float[] _x, _y, _yaw, _u, _w, _r, _wheelLeft, _wheelRight, _goalX, _goalY, _prevDistance;

    public RoverEnv(int numEnvs, EnvOptions? options)
        : base(CreateContract(), numEnvs, options, MaxSteps, [MotorModel, MotorModel])
    {
        _x = new float[numEnvs];
        _y = new float[numEnvs];
        _yaw = new float[numEnvs];
        _u = new float[numEnvs];
        _w = new float[numEnvs];
        _r = new float[numEnvs];
        _wheelLeft = new float[numEnvs];
        _wheelRight = new float[numEnvs];
        _goalX = new float[numEnvs];
        _goalY = new float[numEnvs];
        _prevDistance = new float[numEnvs];
        SetNoisyObservations(0, 1, 2, 3, 4, 5, 6);
    }

    private static ActuatorModel MotorModel => new() { Deadband = MotorDeadband, PwmSteps = PwmSteps };

    public static RobotContract CreateContract() => new()
    {
        EnvId = Id,
        ControlHz = ControlHz,
        Observations =
        [
            new ObservationSpec("goal_x", "m", -LostDistance, LostDistance),
            new ObservationSpec("goal_y", "m", -LostDistance, LostDistance),
            new ObservationSpec("velocity_x", "m/s", -1f, 1f),
            new ObservationSpec("velocity_y", "m/s", -1f, 1f),
            new ObservationSpec("yaw_rate", "rad/s", -10f, 10f),
            new ObservationSpec("wheel_speed_left", "rad/s", -FreeSpeed * 1.25f, FreeSpeed * 1.25f),
            new ObservationSpec("wheel_speed_right", "rad/s", -FreeSpeed * 1.25f, FreeSpeed * 1.25f),
        ],
        Actuators =
        [
            new ActuatorSpec("left_motor", ActuatorKind.Motor, "1", -1f, 1f, 0f),
            new ActuatorSpec("right_motor", ActuatorKind.Motor, "1", -1f, 1f, 0f),
        ],
    };

    /// <summary>Speed of the chassis (m/s) and yaw rate (rad/s) of env <paramref name="env"/>, for tests.</summary>
    internal (float Forward, float Lateral, float YawRate, float WheelLeft, float WheelRight) Motion(int env) =>
        (_u[env], _w[env], _r[env], _wheelLeft[env], _wheelRight[env]);

    /// <summary>Places env <paramref name="env"/>'s goal, for tests; the rover is at the origin facing +x.</summary>
    internal void SetGoal(int env, float goalX, float goalY, Span<float> observation)
    {
        _x[env] = _y[env] = _yaw[env] = _u[env] = _w[env] = _r[env] = _wheelLeft[env] = _wheelRight[env] = 0f;
        _goalX[env] = goalX;
        _goalY[env] = goalY;
        _prevDistance[env] = MathF.Sqrt((goalX * goalX) + (goalY * goalY));
        WriteObservation(env, observation);
    }

    protected override void ResetEnv(int env, Span<float> observation)
    {
        ref var rng = ref Rng[env];
        _x[env] = _y[env] = _u[env] = _w[env] = _r[env] = _wheelLeft[env] = _wheelRight[env] = 0f;
        _yaw[env] = rng.Uniform(-MathF.PI, MathF.PI);
        float distance = rng.Uniform(GoalMinDistance, GoalMaxDistance);
        (float sin, float cos) = MathF.SinCos(rng.Uniform(-MathF.PI, MathF.PI));
        _goalX[env] = distance * cos;
        _goalY[env] = distance * sin;
        _prevDistance[env] = distance;
        WriteObservation(env, observation);
    }

    protected override void StepRange(int begin, int end, ReadOnlySpan<float> applied, Span<float> observations,
                                      Span<float> rewards, Span<bool> terminated, Span<bool> success)
    {
        const float h = Dt / Substeps;
        for (int env = begin; env < end; env++)
        {
            float mass = Mass * Parameters.MassScale[env];
            float inertia = Inertia * Parameters.MassScale[env] * Parameters.InertiaScale[env];
            float wheelInertia = WheelInertia * Parameters.InertiaScale[env];
            float stall = StallTorque * Parameters.ThrustScale[env];
            float grip = GripCoefficient * Parameters.FrictionScale[env] * mass * Gravity / 2f;
            float wheelFriction = WheelFriction * Parameters.FrictionScale[env];
            float push = Parameters.WindNewtons[env] * Parameters.Gust(env, EpisodeStep[env]);
            float cmdLeft = applied[env * 2], cmdRight = applied[(env * 2) + 1];
            float x = _x[env], y = _y[env], yaw = _yaw[env], u = _u[env], w = _w[env], r = _r[env];
            float wl = _wheelLeft[env], wr = _wheelRight[env];
            (float sin, float cos) = MathF.SinCos(yaw);
            for (int s = 0; s < Substeps; s++)
            {
                // Each tyre pushes with the saturating slip curve of its rim's speed against its contact point's.
                float slipLeft = (WheelRadius * wl) - (u - (r * TrackWidth / 2f));
                float slipRight = (WheelRadius * wr) - (u + (r * TrackWidth / 2f));
                float forceLeft = grip * Saturate(slipLeft / SlipSpeed);
                float forceRight = grip * Saturate(slipRight / SlipSpeed);
                float lateral = -2f * grip * Saturate(w / SlipSpeed);
                // The push is a world-frame force (x); the chassis feels it in its own frame.
                float pushU = push * cos, pushW = -push * sin;
                float torqueLeft = (stall * (cmdLeft - (wl / FreeSpeed))) - (wheelFriction * wl);
                float torqueRight = (stall * (cmdRight - (wr / FreeSpeed))) - (wheelFriction * wr);
                wl += h * (torqueLeft - (WheelRadius * forceLeft)) / wheelInertia;
                wr += h * (torqueRight - (WheelRadius * forceRight)) / wheelInertia;
                u += h * (((forceLeft + forceRight + pushU - (RollingResistance * u)) / mass) + (r * w));
                w += h * (((lateral + pushW) / mass) - (r * u));
                r += h * (forceRight - forceLeft) * (TrackWidth / 2f) / inertia;
                x += h * ((u * cos) - (w * sin));
                y += h * ((u * sin) + (w * cos));
                // Rotate the heading by the substep's small angle with a series (error ~ angle^5 / 120) instead of
                // a sine and cosine per substep; the heading is recomputed exactly at the next control step.
                float turn = h * r, turn2 = turn * turn;
                float c = 1f - (0.5f * turn2), sn = turn * (1f - (turn2 / 6f));
                (sin, cos) = ((sin * c) + (cos * sn), (cos * c) - (sin * sn));
                yaw += turn;
            }
            _x[env] = x;
            _y[env] = y;
            _yaw[env] = yaw;
            _u[env] = u;
            _w[env] = w;
            _r[env] = r;
            _wheelLeft[env] = wl;
            _wheelRight[env] = wr;

            Span<float> o = observations.Slice(env * NumObs, NumObs);
            WriteObservation(env, o);
            float distance = MathF.Sqrt((o[0] * o[0]) + (o[1] * o[1]));
            // Progress toward the goal, a little for effort, a little for time.
            float reward = (10f * (_prevDistance[env] - distance)) - (0.005f * ((cmdLeft * cmdLeft) + (cmdRight * cmdRight))) - 0.01f;
            _prevDistance[env] = distance;
            bool arrived = distance < SuccessDistance && MathF.Sqrt((u * u) + (w * w)) < StillSpeed && MathF.Abs(r) < StillYawRate;
            bool lost = distance > LostDistance;
            if (arrived)
            {
                reward += 10f;
            }
            else if (lost)
            {
                reward -= 10f;
            }
            rewards[env] = reward;
            terminated[env] = arrived || lost;
            success[env] = arrived;
        }
    }

    /// <summary>The tyre's slip curve: linear for small slip, saturating at full grip (a cheap stand-in for tanh).</summary>
    internal static float Saturate(float slip) => slip / MathF.Sqrt(1f + (slip * slip));

    private void WriteObservation(int env, Span<float> o)
    {
        (float sin, float cos) = MathF.SinCos(_yaw[env]);
        float dx = _goalX[env] - _x[env], dy = _goalY[env] - _y[env];
        o[0] = (cos * dx) + (sin * dy);
        o[1] = (-sin * dx) + (cos * dy);
        o[2] = _u[env];
        o[3] = _w[env];
        o[4] = _r[env];
        o[5] = _wheelLeft[env];
        o[6] = _wheelRight[env];
    }
}
