// A policy trained elsewhere, once attached (Models/attached-lander-mlp.onnx: a PyTorch MLP holding the shipped
// lander's weights, given our contract by `drl-train attach`; the trainer's AttachTests check it is attach's output),
// flies as the shipped policy flies: in a dry run, episode for episode, and on the emulated lander over the link.
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Hil;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;

namespace DrlRobot.Runtime.Tests.Hil;

[NonParallelizable]
[Category("Hil")]
public class AttachedPolicyTests
{
    private static string Attached => Path.Combine(AppContext.BaseDirectory, "Models", "attached-lander-mlp.onnx");

    [Test]
    public void DryRun_FliesEveryEpisodeAsTheShippedPolicy()
    {
        using var attached = new OnnxPolicy(Attached);
        using var shipped = new OnnxPolicy(HilRig.LanderModel);
        var config = new DryRunConfig { Episodes = 5, Seed = 11 };
        DryRunResult a = DryRun.Run(attached, config), s = DryRun.Run(shipped, config);
        Assert.Multiple(() =>
        {
            Assert.That(a.Episodes.Select(e => e.Return), Is.EqualTo(s.Episodes.Select(e => e.Return)).Within(1e-3), "same actions, same flights");
            Assert.That(a.SuccessRate, Is.GreaterThanOrEqualTo(0.8));
        });
    }

    [Test]
    public void Hil_FliesTheEmulatedLanderOverTheLink()
    {
        // Two seconds of flight on its duration: the attached file passes hw's contract and handshake and its commands
        // drive the emulated thrusters (landing over the link is the shipped policy's flight tests, with the same actions).
        using var policy = new OnnxPolicy(Attached);
        using var rig = new HilRig(new EmulatorConfig { EnvId = "lander", Episodes = 50, Seed = 0, WatchdogMs = HilRig.FlightWatchdogMs, Lockstep = true });
        HardwareRunResult host = rig.RunHost(policy, new HardwareRunConfig { Safety = HilRig.FlightSafety, DurationSeconds = 2 });
        long applied = rig.Emulator.CommandsApplied;
        TestContext.Out.WriteLine($"host {host.Loop.StopReason} after {host.Loop.Ticks} ticks, {applied} commands applied, link {host.Link}");
        Assert.Multiple(() =>
        {
            Assert.That(host.Loop.StopReason, Is.EqualTo(StopReason.Completed), host.FaultDetail ?? host.Loop.StopDetail);
            Assert.That(applied, Is.GreaterThan(25), "the attached policy's commands drove the thrusters after arming");
            Assert.That(host.Link!.Value.FramesRejected, Is.Zero);
        });
    }
}
