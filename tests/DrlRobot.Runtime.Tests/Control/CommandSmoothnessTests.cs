// Command smoothness: mean |Δu| per tick within episodes, and the share of command energy above a quarter of the
// control rate, on signals whose answer is known; nothing allocated per tick; reported by drl-run sim.
using System.Text.Json;
using DrlRobot.Runtime.Cli;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Tests.Policy;
using DrlRobot.Sim;

namespace DrlRobot.Runtime.Tests.Control;

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
    public void SimJson_ReportsSmoothnessPerActuator()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLander, "--episodes", "2", "--json");
        Assert.That(code, Is.AnyOf(0, 4), stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement[] smoothness = [.. doc.RootElement.GetProperty("smoothness").EnumerateArray()];
        Assert.That(smoothness.Select(s => s.GetProperty("actuator").GetString()), Is.EqualTo(new[] { "main", "lateral" }));
        Assert.That(smoothness.Select(s => s.GetProperty("mean_abs_delta").GetDouble()), Is.All.GreaterThan(0));
    }
}
