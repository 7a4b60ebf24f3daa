// Fault injection for the emulator: rates, determinism, delay, blackout, and that corruption is marked.
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Link;

public class LinkFaultInjectorTests
{
    private static List<(byte[] Frame, bool Corrupted)> Run(LinkFaultConfig config, int frames, out LinkFaultInjector injector)
    {
        injector = new LinkFaultInjector(config);
        var taken = new List<(byte[], bool)>();
        for (int i = 0; i < frames; i++)
        {
            injector.Push(LinkTestFrames.Command((ushort)i, CommandFlags.Arm, (short)i, 0), i * 1000L);
            while (injector.TryTake(i * 1000L, out ReadOnlySpan<byte> frame, out bool corrupted))
            {
                taken.Add((frame.ToArray(), corrupted));
            }
        }
        return taken;
    }

    [Test]
    public void Injector_WithoutFaults_PassesEveryFrameUnchanged()
    {
        var taken = Run(new LinkFaultConfig(), 100, out _);
        Assert.That(taken.Select(t => t.Frame), Is.EqualTo(Enumerable.Range(0, 100).Select(i => LinkTestFrames.Command((ushort)i, CommandFlags.Arm, (short)i, 0))));
    }

    [Test]
    public void Injector_DropsAndCorruptsAtTheConfiguredRates()
    {
        var taken = Run(new LinkFaultConfig { DropProbability = 0.05, CorruptProbability = 0.05, Seed = 1 }, 20_000, out LinkFaultInjector injector);
        Assert.That(injector.FramesDropped / 20_000.0, Is.EqualTo(0.05).Within(0.01));
        Assert.That(injector.FramesCorrupted / (double)injector.FramesPassed, Is.EqualTo(0.05).Within(0.01));
        Assert.That(taken, Has.Count.EqualTo(injector.FramesPassed));

        var decoder = new LinkDecoder();
        int accepted = 0;
        foreach ((byte[] frame, bool corrupted) in taken.Where(t => t.Corrupted))
        {
            Assert.That(frame[^1], Is.Zero, "the delimiter is never corrupted");
            ReadOnlySpan<byte> input = frame;
            accepted += decoder.TryDecode(ref input, out _) ? 1 : 0;
        }
        Assert.That(accepted, Is.Zero);
        // A flip that makes a zero splits a frame in two rejected pieces, hence at least.
        Assert.That(decoder.FramesRejected, Is.GreaterThanOrEqualTo(injector.FramesCorrupted));
    }

    [Test]
    public void Injector_CorruptedFrames_AlwaysDifferFromTheOriginal()
    {
        // Two flips of the same bit would cancel: a frame marked corrupted that is in fact intact, which the device
        // rightly accepts. Every corrupted frame must really be changed.
        var taken = Run(new LinkFaultConfig { CorruptProbability = 1, Seed = 3 }, 20_000, out LinkFaultInjector injector);
        int intact = taken.Select((t, i) => t.Frame.AsSpan().SequenceEqual(LinkTestFrames.Command((ushort)i, CommandFlags.Arm, (short)i, 0)) ? 1 : 0).Sum();
        Assert.Multiple(() =>
        {
            Assert.That(injector.FramesCorrupted, Is.EqualTo(20_000));
            Assert.That(intact, Is.Zero);
        });
    }

    [Test]
    public void Injector_SameSeed_SameFaults()
    {
        var config = new LinkFaultConfig { DropProbability = 0.2, CorruptProbability = 0.2, Seed = 42 };
        var a = Run(config, 500, out _);
        var b = Run(config, 500, out _);
        var c = Run(config with { Seed = 43 }, 500, out _);
        Assert.That(b.Select(t => t.Frame), Is.EqualTo(a.Select(t => t.Frame)));
        Assert.That(c.Select(t => t.Frame), Is.Not.EqualTo(a.Select(t => t.Frame)));
    }

    [Test]
    public void Injector_HoldsFramesForTheDelay()
    {
        var injector = new LinkFaultInjector(new LinkFaultConfig { DelayMilliseconds = 30 });
        injector.Push(LinkTestFrames.Hello(), 1_000_000);
        Assert.That(injector.TryTake(1_029_999, out _, out _), Is.False);
        Assert.That(injector.TryTake(1_030_000, out ReadOnlySpan<byte> frame, out _), Is.True);
        Assert.That(frame.ToArray(), Is.EqualTo(LinkTestFrames.Hello()));
    }

    [Test]
    public void Injector_BlackoutDropsEverythingUntilItEnds()
    {
        var injector = new LinkFaultInjector(new LinkFaultConfig());
        injector.BlackoutUntil(500);
        injector.Push(LinkTestFrames.Hello(), 100);
        injector.Push(LinkTestFrames.Hello(), 499);
        injector.Push(LinkTestFrames.Hello(), 500);
        Assert.That(injector.FramesBlackedOut, Is.EqualTo(2));
        Assert.That(injector.TryTake(500, out _, out _), Is.True);
        Assert.That(injector.TryTake(500, out _, out _), Is.False);
    }

    [Test]
    public void Injector_KeepsAFrameSplitAcrossPushesWhole()
    {
        byte[] frame = LinkTestFrames.Command(7, CommandFlags.None, 1, 2, 3);
        var injector = new LinkFaultInjector(new LinkFaultConfig());
        injector.Push(frame.AsSpan(0, 4), 0);
        Assert.That(injector.TryTake(0, out _, out _), Is.False);
        injector.Push(frame.AsSpan(4), 0);
        Assert.That(injector.TryTake(0, out ReadOnlySpan<byte> taken, out _), Is.True);
        Assert.That(taken.ToArray(), Is.EqualTo(frame));
    }

    [Test]
    public void Config_RejectsAProbabilityOutsideZeroToOne()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LinkFaultInjector(new LinkFaultConfig { DropProbability = 1.5 }));
        Assert.That(e!.ParamName, Is.EqualTo(nameof(LinkFaultConfig.DropProbability)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkFaultConfig { CorruptProbability = double.NaN }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkFaultConfig { DelayMilliseconds = -1 }.Validate());
    }
}
