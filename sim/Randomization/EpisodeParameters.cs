// The parameters one episode of each env runs with, drawn at its reset: nominal (all scales 1, no noise, no wind,
// no extra latency) unless domain randomisation is on. Structure of arrays, one slot per env.
using DrlRobot.Sim.Random;

namespace DrlRobot.Sim.Randomization;

/// <summary>Per-env, per-episode physical and sensing parameters.</summary>
internal sealed class EpisodeParameters
{
    private readonly DomainRandomization? _ranges;

    public EpisodeParameters(int numEnvs, DomainRandomization? ranges)
    {
        _ranges = ranges;
        MassScale = Filled(numEnvs, 1f);
        InertiaScale = Filled(numEnvs, 1f);
        ThrustScale = Filled(numEnvs, 1f);
        FrictionScale = Filled(numEnvs, 1f);
        SensorNoise = new float[numEnvs];
        WindNewtons = new float[numEnvs];
        WindPhase = new float[numEnvs];
        LatencySteps = new int[numEnvs];
    }

    /// <summary>Whether any parameter is ever drawn.</summary>
    public bool Randomized => _ranges is not null;

    /// <summary>The largest extra latency any episode can draw.</summary>
    public int MaxLatencySteps => _ranges?.LatencySteps.High ?? 0;

    public float[] MassScale { get; }

    public float[] InertiaScale { get; }

    public float[] ThrustScale { get; }

    public float[] FrictionScale { get; }

    public float[] SensorNoise { get; }

    public float[] WindNewtons { get; }

    /// <summary>Where in its gust pattern each env's wind starts, in steps.</summary>
    public float[] WindPhase { get; }

    public int[] LatencySteps { get; }

    /// <summary>Draws the parameters of env <paramref name="env"/>'s next episode from its own stream.</summary>
    public void Draw(int env, ref SimRng rng)
    {
        if (_ranges is null)
        {
            return;
        }
        MassScale[env] = Draw(_ranges.MassScale, ref rng);
        InertiaScale[env] = Draw(_ranges.InertiaScale, ref rng);
        ThrustScale[env] = Draw(_ranges.ThrustScale, ref rng);
        FrictionScale[env] = Draw(_ranges.FrictionScale, ref rng);
        SensorNoise[env] = Draw(_ranges.SensorNoise, ref rng);
        WindNewtons[env] = Draw(_ranges.WindNewtons, ref rng);
        WindPhase[env] = rng.Uniform(0f, 10000f);
        LatencySteps[env] = rng.UniformInt(_ranges.LatencySteps.Low, _ranges.LatencySteps.High);
    }

    /// <summary>
    /// A gust factor in [-1, 1] for step <paramref name="step"/> of env <paramref name="env"/>'s episode: the
    /// reference lander's wind pattern tanh(sin(0.02 k) + sin(0.01 pi k)), started at a random offset.
    /// </summary>
    public float Gust(int env, int step)
    {
        float k = WindPhase[env] + step;
        return MathF.Tanh(MathF.Sin(0.02f * k) + MathF.Sin(0.01f * MathF.PI * k));
    }

    private static float Draw(ParameterRange range, ref SimRng rng) =>
        range.Low == range.High ? range.Low : rng.Uniform(range.Low, range.High);

    private static float[] Filled(int length, float value)
    {
        var array = new float[length];
        Array.Fill(array, value);
        return array;
    }
}
