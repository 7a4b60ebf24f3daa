// Exploration noise: white is the generator's own Gaussian sequence; pink has unit variance at every step but
// keeps a large share of its power over a whole episode; restarting a channel starts an independent sequence.
using DrlRobot.Trainer.Common;

namespace DrlRobot.Trainer.Tests.Common;

public class ExplorationNoiseTests
{
    private const int Channels = 2000, EpisodeSteps = 1024;

    [Test]
    public void White_IsTheGeneratorsGaussianSequence()
    {
        var noise = new ExplorationNoise(3, NoiseColor.White, new Rng(9));
        var rng = new Rng(9);
        float[] expected = Enumerable.Range(0, 30).Select(_ => (float)rng.NextGaussian()).ToArray();
        Assert.That(Enumerable.Range(0, 30).Select(i => noise.Next(i % 3)).ToArray(), Is.EqualTo(expected));
    }

    [TestCase(NoiseColor.White)]
    [TestCase(NoiseColor.Pink)]
    public void EveryStep_HasZeroMeanAndUnitVariance(NoiseColor color)
    {
        float[,] x = Episodes(color, seed: 3);
        foreach (int step in new[] { 0, 1, 300, EpisodeSteps - 1 })
        {
            double[] column = Enumerable.Range(0, Channels).Select(c => (double)x[c, step]).ToArray();
            double mean = column.Average(), variance = column.Select(v => (v - mean) * (v - mean)).Average();
            Assert.Multiple(() =>
            {
                Assert.That(mean, Is.EqualTo(0).Within(0.08), $"mean at step {step}");
                Assert.That(variance, Is.EqualTo(1).Within(0.1), $"variance at step {step}");
            });
        }
    }

    [Test]
    public void Pink_HoldsItsPushOverAnEpisode_WhiteAveragesAway()
    {
        // The variance of an episode's mean: 1/1024 for white noise; for pink at least the slowest octave's share.
        double white = VarianceOfEpisodeMeans(Episodes(NoiseColor.White, seed: 4));
        double pink = VarianceOfEpisodeMeans(Episodes(NoiseColor.Pink, seed: 4));
        Assert.Multiple(() =>
        {
            Assert.That(white, Is.LessThan(0.002));
            Assert.That(pink, Is.GreaterThan(1.0 / (ExplorationNoise.Octaves + 1) * 0.8));
            Assert.That(LagOneCorrelation(Episodes(NoiseColor.Pink, seed: 5)), Is.GreaterThan(0.6));
            Assert.That(Math.Abs(LagOneCorrelation(Episodes(NoiseColor.White, seed: 5))), Is.LessThan(0.02));
        });
    }

    [Test]
    public void Restart_StartsAnIndependentSequenceAndDrawsNothing()
    {
        var rng = new Rng(21);
        var noise = new ExplorationNoise(Channels, NoiseColor.Pink, rng);
        float[] before = new float[Channels], after = new float[Channels];
        for (int step = 0; step < 700; step++)
        {
            for (int c = 0; c < Channels; c++) before[c] = noise.Next(c);
        }
        var copy = new ExplorationNoise(Channels, NoiseColor.Pink, Copy(rng));
        noise.Restart(0, Channels / 2);
        for (int c = 0; c < Channels; c++) after[c] = noise.Next(c);
        Assert.That(Math.Abs(Correlation(before[..(Channels / 2)], after[..(Channels / 2)])), Is.LessThan(0.1), "no memory across a restart");
        Assert.That(Correlation(before[(Channels / 2)..], after[(Channels / 2)..]), Is.GreaterThan(0.5), "the other channels go on");

        // A restart uses no random numbers: what follows it is what a new noise on the same generator would give.
        var fresh = new ExplorationNoise(Channels, NoiseColor.Pink, Copy(rng));
        noise.RestartAll();
        for (int step = 0; step < 50; step++)
        {
            for (int c = 0; c < Channels; c++) Assert.That(noise.Next(c), Is.EqualTo(fresh.Next(c)));
        }
    }

    private static float[,] Episodes(NoiseColor color, ulong seed)
    {
        var noise = new ExplorationNoise(Channels, color, new Rng(seed));
        var x = new float[Channels, EpisodeSteps];
        for (int step = 0; step < EpisodeSteps; step++)
        {
            for (int c = 0; c < Channels; c++) x[c, step] = noise.Next(c);
        }
        return x;
    }

    private static double VarianceOfEpisodeMeans(float[,] x)
    {
        double[] means = Enumerable.Range(0, Channels)
            .Select(c => Enumerable.Range(0, EpisodeSteps).Average(t => (double)x[c, t])).ToArray();
        double mean = means.Average();
        return means.Select(m => (m - mean) * (m - mean)).Average();
    }

    private static double LagOneCorrelation(float[,] x)
    {
        var a = new List<float>();
        var b = new List<float>();
        for (int c = 0; c < Channels; c++)
        {
            for (int t = 1; t < EpisodeSteps; t++)
            {
                a.Add(x[c, t - 1]);
                b.Add(x[c, t]);
            }
        }
        return Correlation(a.ToArray(), b.ToArray());
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(v => (double)v), mb = b.Average(v => (double)v);
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return cov / Math.Sqrt(va * vb);
    }

    private static Rng Copy(Rng rng)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true)) rng.Save(writer);
        memory.Position = 0;
        var copy = new Rng(0);
        copy.Load(new BinaryReader(memory));
        return copy;
    }
}
