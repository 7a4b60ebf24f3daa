// The trainer's generator: reproducible, restorable mid-stream, and with the moments it claims.
using DrlRobot.Trainer.Common;

namespace DrlRobot.Trainer.Tests.Common;

public class RngTests
{
    [Test]
    public void SameSeed_SameSequence_DifferentSeed_DifferentSequence()
    {
        ulong[] a = Take(new Rng(42)), b = Take(new Rng(42)), c = Take(new Rng(43));
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a, Is.Not.EqualTo(c));
        });
    }

    [Test]
    public void SaveAndLoad_ContinueTheExactSequence()
    {
        var rng = new Rng(7);
        rng.NextGaussian(); // leaves a spare Gaussian in the state
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true)) rng.Save(writer);
        double[] expected = Enumerable.Range(0, 10).Select(_ => rng.NextGaussian()).ToArray();
        memory.Position = 0;
        var restored = new Rng(0);
        restored.Load(new BinaryReader(memory));
        Assert.That(Enumerable.Range(0, 10).Select(_ => restored.NextGaussian()).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Gaussian_HasUnitVarianceAndZeroMean()
    {
        var rng = new Rng(11);
        double[] x = Enumerable.Range(0, 200_000).Select(_ => rng.NextGaussian()).ToArray();
        double mean = x.Average();
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(0).Within(0.01));
            Assert.That(x.Sum(v => (v - mean) * (v - mean)) / x.Length, Is.EqualTo(1).Within(0.01));
        });
    }

    [Test]
    public void Shuffle_IsAPermutation()
    {
        long[] values = Enumerable.Range(0, 1000).Select(i => (long)i).ToArray();
        new Rng(1).Shuffle(values);
        Assert.Multiple(() =>
        {
            Assert.That(values.Order(), Is.EqualTo(Enumerable.Range(0, 1000).Select(i => (long)i)));
            Assert.That(values.Take(20), Is.Not.EqualTo(Enumerable.Range(0, 20).Select(i => (long)i)));
        });
    }

    private static ulong[] Take(Rng rng) => Enumerable.Range(0, 8).Select(_ => rng.NextUInt64()).ToArray();
}
