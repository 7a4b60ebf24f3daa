// `lander`, `lander-discrete` and `lander3`: a batch of 2-D lunar landers with the reference's observation, reward
// and termination, over the physics kernel in LanderPhysics. State is stored as structure of arrays.
using DrlRobot.Sim.Contracts;
using DrlRobot.Sim.Vec;
using static DrlRobot.Sim.Envs.Lander.LanderConstants;

namespace DrlRobot.Sim.Envs.Lander;

/// <summary>A batch of landers driven in one of the <see cref="LanderVariant"/> ways.</summary>
internal sealed class LanderEnv : VecEnvBase
{
    private const int NumObs = 8;

    private readonly LanderVariant _variant;
    private readonly float[] _x, _y, _angle, _vx, _vy, _omega, _legLeft, _legRight, _prevShaping, _terrain, _terrainTop;
    private readonly bool[] _contactLeft, _contactRight;
    private readonly int[] _stillSteps;

    public LanderEnv(LanderVariant variant, int numEnvs, EnvOptions? options)
        : base(LanderContracts.Create(variant), numEnvs, options, MaxSteps, LanderContracts.Models(variant))
    {
        _variant = variant;
        _x = new float[numEnvs];
        _y = new float[numEnvs];
        _angle = new float[numEnvs];
        _vx = new float[numEnvs];
        _vy = new float[numEnvs];
        _omega = new float[numEnvs];
        _legLeft = new float[numEnvs];
        _legRight = new float[numEnvs];
        _prevShaping = new float[numEnvs];
        _terrain = new float[numEnvs * TerrainPoints];
        _terrainTop = new float[numEnvs];
        _contactLeft = new bool[numEnvs];
        _contactRight = new bool[numEnvs];
        _stillSteps = new int[numEnvs];
        SetNoisyObservations(0, 1, 2, 3, 4, 5);
    }

    public static RobotContract CreateContract(LanderVariant variant) => LanderContracts.Create(variant);

    /// <summary>The shaping potential of the reference: distance, speed and tilt penalties, leg contact bonuses.</summary>
    internal static float Shaping(ReadOnlySpan<float> o) =>
        (-100f * MathF.Sqrt((o[0] * o[0]) + (o[1] * o[1])))
        - (100f * MathF.Sqrt((o[2] * o[2]) + (o[3] * o[3])))
        - (100f * MathF.Abs(o[4]))
        + (10f * o[6]) + (10f * o[7]);

    /// <summary>The state of env <paramref name="env"/>, for tests.</summary>
    internal LanderBody GetBody(int env) => Load(env);

    /// <summary>The terrain heights of env <paramref name="env"/>, for tests.</summary>
    internal Span<float> Terrain(int env) => _terrain.AsSpan(env * TerrainPoints, TerrainPoints);

    /// <summary>Puts env <paramref name="env"/> in a given state (keeping its terrain), for tests.</summary>
    internal void SetBody(int env, LanderBody body, Span<float> observation)
    {
        Store(env, body);
        _terrainTop[env] = 0f;
        foreach (float h in Terrain(env))
        {
            _terrainTop[env] = MathF.Max(_terrainTop[env], h);
        }
        _stillSteps[env] = 0;
        WriteObservation(env, observation);
        _prevShaping[env] = Shaping(observation);
    }

    protected override void ResetEnv(int env, Span<float> observation)
    {
        ref var rng = ref Rng[env];
        _terrainTop[env] = LanderTerrain.Generate(ref rng, Terrain(env));
        var body = new LanderBody { X = WorldWidth / 2f, Y = WorldHeight };
        LanderParams p = ParamsOf(env);
        // The reference pushes the lander with a random force during the step its reset takes.
        body.Vx = rng.Uniform(-InitialRandomForce, InitialRandomForce) * Dt / p.Mass;
        body.Vy = rng.Uniform(-InitialRandomForce, InitialRandomForce) * Dt / p.Mass;
        LanderPhysics.Advance(ref body, p, Terrain(env), _terrainTop[env], 0f, 0f);
        Store(env, body);
        _stillSteps[env] = 0;
        WriteObservation(env, observation);
        _prevShaping[env] = Shaping(observation);
    }

    protected override void StepRange(int begin, int end, ReadOnlySpan<float> applied, Span<float> observations,
                                      Span<float> rewards, Span<bool> terminated, Span<bool> success)
    {
        int nAct = NumActuators;
        for (int env = begin; env < end; env++)
        {
            ref var rng = ref Rng[env];
            LanderBody body = Load(env);
            LanderParams p = ParamsOf(env);
            float fuel = Engines(applied.Slice(env * nAct, nAct), ref rng, out float main, out float left, out float right);
            LanderPhysics.ApplyEngines(ref body, p, main, left, right, ref rng);

            float wind = 0f, turbulence = 0f;
            if (Parameters.Randomized && !body.ContactLeft && !body.ContactRight)
            {
                // The reference's wind blows only while no leg touches the ground.
                wind = Parameters.WindNewtons[env] * Parameters.Gust(env, EpisodeStep[env]);
                turbulence = 0.1f * Parameters.WindNewtons[env] * Parameters.Gust(env, EpisodeStep[env] + 7919);
            }
            bool crashed = LanderPhysics.Advance(ref body, p, Terrain(env), _terrainTop[env], wind, turbulence);
            Store(env, body);

            Span<float> o = observations.Slice(env * NumObs, NumObs);
            WriteObservation(env, o);
            float shaping = Shaping(o);
            float reward = shaping - _prevShaping[env] - fuel;
            _prevShaping[env] = shaping;

            bool still = ((body.Vx * body.Vx) + (body.Vy * body.Vy) < SleepLinearSpeed * SleepLinearSpeed)
                         && MathF.Abs(body.Omega) < SleepAngularSpeed;
            _stillSteps[env] = still ? _stillSteps[env] + 1 : 0;
            bool done = false, landed = false;
            if (crashed || MathF.Abs(o[0]) >= 1f)
            {
                reward = -100f;
                done = true;
            }
            else if (_stillSteps[env] >= SleepSteps)
            {
                reward = 100f;
                done = true;
                landed = body.X >= PadLeft && body.X <= PadRight;
            }
            rewards[env] = reward;
            terminated[env] = done;
            success[env] = landed;
        }
    }

    /// <summary>Maps actuator values to engine powers and returns the step's fuel cost.</summary>
    private float Engines(ReadOnlySpan<float> a, ref DrlRobot.Sim.Random.SimRng rng, out float main, out float left,
                          out float right)
    {
        left = right = 0f;
        if (_variant == LanderVariant.ThreeThrusters)
        {
            main = Noisy(a[0], ref rng);
            left = Noisy(a[1], ref rng);
            right = Noisy(a[2], ref rng);
            return (0.3f * a[0]) + (0.03f * (a[1] + a[2]));
        }
        main = a[0] > 0f ? 0.5f + (0.5f * a[0]) : 0f;
        float lateral = MathF.Abs(a[1]);
        float side = lateral > 0.5f ? lateral : 0f;
        if (a[1] < 0f)
        {
            left = side;
        }
        else
        {
            right = side;
        }
        return (0.3f * main) + (0.03f * side);
    }

    internal static float Noisy(float command, ref DrlRobot.Sim.Random.SimRng rng) =>
        command > 0f ? MathF.Max(0f, command * (1f + (LanderContracts.ThrustNoise * rng.NextGaussian()))) : 0f;

    private LanderParams ParamsOf(int env) => new(
        Mass * Parameters.MassScale[env],
        Inertia * Parameters.MassScale[env] * Parameters.InertiaScale[env],
        Parameters.ThrustScale[env],
        Friction * Parameters.FrictionScale[env]);

    private void WriteObservation(int env, Span<float> o)
    {
        o[0] = (_x[env] - (WorldWidth / 2f)) / (WorldWidth / 2f);
        o[1] = (_y[env] - (PadHeight + LegDown)) / (WorldHeight / 2f);
        o[2] = _vx[env] * (WorldWidth / 2f) / Fps;
        o[3] = _vy[env] * (WorldHeight / 2f) / Fps;
        o[4] = _angle[env];
        o[5] = 20f * _omega[env] / Fps;
        o[6] = _contactLeft[env] ? 1f : 0f;
        o[7] = _contactRight[env] ? 1f : 0f;
    }

    private LanderBody Load(int env) => new()
    {
        X = _x[env], Y = _y[env], Angle = _angle[env], Vx = _vx[env], Vy = _vy[env], Omega = _omega[env],
        LegLeft = _legLeft[env], LegRight = _legRight[env], ContactLeft = _contactLeft[env], ContactRight = _contactRight[env],
    };

    private void Store(int env, in LanderBody b)
    {
        _x[env] = b.X;
        _y[env] = b.Y;
        _angle[env] = b.Angle;
        _vx[env] = b.Vx;
        _vy[env] = b.Vy;
        _omega[env] = b.Omega;
        _legLeft[env] = b.LegLeft;
        _legRight[env] = b.LegRight;
        _contactLeft[env] = b.ContactLeft;
        _contactRight[env] = b.ContactRight;
    }
}
