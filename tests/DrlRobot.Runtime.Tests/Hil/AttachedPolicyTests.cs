// A policy trained elsewhere, once attached (Models/attached-lander-mlp.onnx: a PyTorch MLP holding the shipped
// lander's weights, given our contract by `drl-train attach`; the trainer's AttachTests check it is attach's output),
// flies as the shipped policy flies: in a dry run, episode for episode, and on the emulated lander over the link.
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Hil;
using DrlRobot.Runtime.Policy;

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
        using var policy = new OnnxPolicy(Attached);
        using var rig = new HilRig(new EmulatorConfig { EnvId = "lander", Episodes = 1, Seed = 0, WatchdogMs = HilRig.FlightWatchdogMs, Lockstep = true });
        HardwareRunResult host = rig.RunHost(policy, new HardwareRunConfig { Safety = HilRig.FlightSafety });
        EmulatorResult plant = rig.Finish(TimeSpan.FromSeconds(5));
        Assert.Multiple(() =>
        {
            Assert.That(plant.Episodes, Has.Count.EqualTo(1));
            Assert.That(plant.CommandsApplied, Is.GreaterThan(100), "the attached policy's commands drove the thrusters");
            Assert.That(host.Link!.Value.FramesRejected, Is.Zero);
        });
    }
}
