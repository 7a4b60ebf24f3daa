// The simulator's generator: reproducible per (seed, stream), streams independent, distributions as documented.
using DrlRobot.Sim.Random;

namespace DrlRobot.Sim.Tests.Random;

public class SimRngTests
{
    [Test]
    public void SameSeedAndStream_GiveTheSameSequence()
    {
        var a = SimRng.ForStream(42, 3);
        var b = SimRng.ForStream(42, 3);
        for (int i = 0; i < 100; i++)
        {
            Assert.That(a.NextULong(), Is.EqualTo(b.NextULong()));
        }
    }

    [Test]
    public void NeighbouringStreamsAndSeeds_Differ()
    {
        var a = SimRng.ForStream(42, 0);
        var b = SimRng.ForStream(42, 1);
        var c = SimRng.ForStream(43, 0);
        ulong x = a.NextULong();
        Assert.Multiple(() =>
        {
            Assert.That(b.NextULong(), Is.Not.EqualTo(x));
            Assert.That(c.NextULong(), Is.Not.EqualTo(x));
        });
    }

    [Test]
    public void Uniform_StaysInRangeWithTheRightMean()
    {
        var rng = SimRng.ForStream(7, 0);
        double sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            float u = rng.Uniform(-2f, 4f);
            Assert.That(u, Is.GreaterThanOrEqualTo(-2f).And.LessThan(4f));
            sum += u;
        }
        Assert.That(sum / 100_000, Is.EqualTo(1.0).Within(0.03));
    }

    [Test]
    public void UniformInt_CoversBothEnds()
    {
        var rng = SimRng.ForStream(7, 0);
        var seen = new HashSet<int>();
        for (int i = 0; i < 1000; i++)
        {
            seen.Add(rng.UniformInt(2, 5));
        }
        Assert.That(seen, Is.EquivalentTo(new[] { 2, 3, 4, 5 }));
    }

    [Test]
    public void Gaussian_HasZeroMeanAndUnitVariance()
    {
        var rng = SimRng.ForStream(11, 0);
        double sum = 0, squares = 0;
        const int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            double g = rng.NextGaussian();
            sum += g;
            squares += g * g;
        }
        Assert.Multiple(() =>
        {
            Assert.That(sum / n, Is.EqualTo(0.0).Within(0.02));
            Assert.That(squares / n, Is.EqualTo(1.0).Within(0.02));
        });
    }
}
