// Per-channel Gaussian exploration noise for deterministic policies (TD3), white or pink. Pink (1/f) noise has
// equal power in every octave of frequency, so besides the step-to-step jitter of white noise it holds a push in
// one direction for tens to hundreds of steps: enough to carry a hovering lander down to the ground, which white
// noise of the same size never does. It is made by the Voss–McCartney construction: a sum of octave generators,
// generator k redrawn every 2^(k+1) steps, plus a white term; scaled to unit variance. Each channel restarts with its
// episode, and its generators are drawn lazily on the first step after a restart so that a restart itself uses no
// random numbers.
namespace DrlRobot.Trainer.Common;

/// <summary>The spectrum of <see cref="ExplorationNoise"/>.</summary>
public enum NoiseColor { White, Pink }

/// <summary>Unit-variance Gaussian noise for <c>channels</c> independent channels (env × actuator).</summary>
public sealed class ExplorationNoise
{
    /// <summary>Octave generators of pink noise: the slowest is redrawn every 2^Octaves = 1024 steps.</summary>
    public const int Octaves = 10;

    private readonly NoiseColor _color;
    private readonly Rng _rng;
    private readonly float[] _octaves;
    private readonly double[] _sums;
    private readonly long[] _step;
    private readonly float _scale;

    /// <summary>Noise for <paramref name="channels"/> channels drawn from <paramref name="rng"/>.</summary>
    public ExplorationNoise(int channels, NoiseColor color, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentNullException.ThrowIfNull(rng);
        _color = color;
        _rng = rng;
        Channels = channels;
        int octaves = color == NoiseColor.Pink ? Octaves : 0;
        _octaves = new float[channels * octaves];
        _sums = new double[channels];
        _step = new long[channels];
        _scale = 1f / MathF.Sqrt(octaves + 1);
    }

    /// <summary>Independent channels.</summary>
    public int Channels { get; }

    /// <summary>Restarts channels [<paramref name="first"/>, first + count): the next sample starts a new sequence.</summary>
    public void Restart(int first, int count) => Array.Clear(_step, first, count);

    /// <summary>Restarts every channel.</summary>
    public void RestartAll() => Restart(0, Channels);

    /// <summary>The next sample of channel <paramref name="channel"/>: mean 0, variance 1.</summary>
    public float Next(int channel)
    {
        if (_color == NoiseColor.White) return (float)_rng.NextGaussian();
        int baseIndex = channel * Octaves;
        long n = _step[channel]++;
        if (n == 0)
        {
            double sum = 0;
            for (int k = 0; k < Octaves; k++)
            {
                _octaves[baseIndex + k] = (float)_rng.NextGaussian();
                sum += _octaves[baseIndex + k];
            }
            _sums[channel] = sum;
        }
        else
        {
            // Step n redraws the octave of its lowest set bit: octave k changes every 2^(k+1) steps.
            int k = System.Numerics.BitOperations.TrailingZeroCount(n);
            if (k < Octaves)
            {
                float fresh = (float)_rng.NextGaussian();
                _sums[channel] += fresh - _octaves[baseIndex + k];
                _octaves[baseIndex + k] = fresh;
            }
        }
        return (float)(_sums[channel] + _rng.NextGaussian()) * _scale;
    }
}
