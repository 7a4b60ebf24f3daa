// The simulator's random numbers: xoshiro256** seeded through SplitMix64, one independent stream per env, so a
// batch gives the same results whatever thread steps which env. System.Random is avoided because its algorithm is
// not specified across .NET versions and its instances are heavier than four words of state.
namespace DrlRobot.Sim.Random;

/// <summary>A small, fast, reproducible pseudo-random generator (xoshiro256**). A mutable struct: pass it by ref.</summary>
internal struct SimRng
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>The stream of env <paramref name="streamIndex"/> for a batch reset with <paramref name="seed"/>.</summary>
    public static SimRng ForStream(ulong seed, int streamIndex)
    {
        // Mixing the index through SplitMix64 before adding the seed keeps streams of neighbouring envs unrelated.
        ulong sm = seed ^ Mix(0xA0761D6478BD642FUL + (ulong)streamIndex * 0x9E3779B97F4A7C15UL);
        var rng = new SimRng
        {
            _s0 = SplitMix(ref sm),
            _s1 = SplitMix(ref sm),
            _s2 = SplitMix(ref sm),
            _s3 = SplitMix(ref sm),
        };
        if ((rng._s0 | rng._s1 | rng._s2 | rng._s3) == 0)
        {
            rng._s0 = 1; // the all-zero state is the one state xoshiro cannot leave
        }
        return rng;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextULong()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 bits of precision.</summary>
    public float NextFloat() => (NextULong() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public float Uniform(float low, float high) => low + ((high - low) * NextFloat());

    /// <summary>Uniform integer in [<paramref name="low"/>, <paramref name="high"/>], both included.</summary>
    public int UniformInt(int low, int high) => low + (int)((NextULong() >> 33) % (ulong)(high - low + 1));

    /// <summary>A standard normal sample (Box–Muller, no cached second value so the state stays four words).</summary>
    public float NextGaussian()
    {
        double u1 = ((NextULong() >> 11) + 1.0) * (1.0 / 9007199254740993.0); // (0, 1]: the logarithm stays finite
        double u2 = (NextULong() >> 11) * (1.0 / 9007199254740992.0);
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
