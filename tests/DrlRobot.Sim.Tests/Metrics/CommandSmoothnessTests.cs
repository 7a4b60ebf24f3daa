// Command smoothness: mean |Δu| per tick within episodes, and the share of command energy above a quarter of the
// control rate, on signals whose answer is known; accumulators that add up; nothing allocated per tick.
using DrlRobot.Sim.Metrics;

namespace DrlRobot.Sim.Tests.Metrics;

public class CommandSmoothnessTests
{
    private static CommandSmoothness Fed(Func<int, (float Main, float Lateral)> signal, int ticks, Func<int, int>? episodeOf = null)
    {
        var smoothness = new CommandSmoothness(EnvRegistry.GetContract("lander"));
        var command = new float[2];
        for (int k = 0; k < ticks; k++)
        {
            (command[0], command[1]) = signal(k);
            smoothness.Record(episodeOf?.Invoke(k) ?? 0, command);
        }
        return smoothness;
    }

    [Test]
    public void SlowSine_HasItsEnergyBelowAQuarterOfTheRate_AndAlternation_AllAbove()
    {
        // main: a sine of 1/32 of the rate; lateral: +1, -1, +1, … (half the rate).
        IReadOnlyList<ActuatorSmoothness> result = Fed(k => ((float)Math.Sin(2 * Math.PI * k / 32), k % 2 == 0 ? 1f : -1f), 64 * 20).Result();
        Assert.Multiple(() =>
        {
            Assert.That(result.Select(r => r.Actuator), Is.EqualTo(new[] { "main", "lateral" }));
            Assert.That(result[0].HighFrequencyShare, Is.LessThan(0.01));
            Assert.That(result[0].MeanAbsDelta, Is.EqualTo(4.0 / 32).Within(0.01), "a unit sine moves 4 per period, on average");
            Assert.That(result[1].HighFrequencyShare, Is.GreaterThan(0.99));
            Assert.That(result[1].MeanAbsDelta, Is.EqualTo(2.0).Within(1e-9));
        });
    }

    [Test]
    public void SteadyCommand_HasNoMovement_AndATooShortRunNoSpectrum()
    {
        IReadOnlyList<ActuatorSmoothness> steady = Fed(_ => (0.5f, -0.25f), 200).Result();
        Assert.That(steady[0].MeanAbsDelta, Is.Zero);
        Assert.That(steady[0].HighFrequencyShare, Is.Zero);
        Assert.That(Fed(k => (k, 0), CommandSmoothness.Window - 1).Result()[0].HighFrequencyShare, Is.Null);
    }

    [Test]
    public void AJumpBetweenEpisodes_IsNotAMovement()
    {
        // Constant within each episode of 100 ticks, a different value in each.
        IReadOnlyList<ActuatorSmoothness> result = Fed(k => (k / 100 % 2 == 0 ? 1f : -1f, 0), 1000, k => k / 100).Result();
        Assert.That(result[0].MeanAbsDelta, Is.Zero);
        Assert.That(result[0].HighFrequencyShare, Is.Zero);
    }

    [Test]
    public void Record_AllocatesNothing()
    {
        var smoothness = new CommandSmoothness(EnvRegistry.GetContract("lander"));
        var command = new float[2];
        smoothness.Record(0, command);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 10_000; k++)
        {
            command[0] = k % 7;
            smoothness.Record(k / 500, command);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void TwoAccumulatorsAdded_AreOneThatSawBoth()
    {
        var contract = EnvRegistry.GetContract("lander");
        CommandSmoothness first = new(contract), second = new(contract), both = new(contract);
        var command = new float[2];
        for (int k = 0; k < 300; k++)
        {
            command[0] = MathF.Sin(k * 0.9f);
            command[1] = k % 3;
            (k < 130 ? first : second).Record(k < 130 ? 0 : 1, command);
            both.Record(k < 130 ? 0 : 1, command);
        }
        first.Add(second);
        IReadOnlyList<ActuatorSmoothness> added = first.Result(), seen = both.Result();
        for (int a = 0; a < 2; a++)
        {
            Assert.That(added[a].MeanAbsDelta, Is.EqualTo(seen[a].MeanAbsDelta).Within(1e-12));
            Assert.That(added[a].HighFrequencyShare, Is.EqualTo(seen[a].HighFrequencyShare!.Value).Within(1e-12));
        }
    }
}
