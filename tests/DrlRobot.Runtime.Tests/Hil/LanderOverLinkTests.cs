// Hardware in the loop over a pseudo-terminal cable: `drl-run hw`'s HardwareRun flies the shipped lander policy
// against `drl-run emulate`'s PlantEmulator (simulator physics behind the firmware-equivalent device) at 50 Hz —
// clean, with 5 % dropped and 5 % corrupted frames, and with the cable pulled.
// The flights run the plant in lockstep with the host's commands, so what they test (landing, frame integrity) is
// not changed by a busy machine stalling either process; the host's loop, its staleness limit and the device's
// watchdog still run on the wall clock. The cable tests run the plant on the wall clock and hold the real limits,
// each widened only by the scheduling delay measured in the same run (the host loop's worst lateness, the device
// loop's longest gap): a component can act no sooner than it is scheduled, and no later than that.
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Hil;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;

namespace DrlRobot.Runtime.Tests.Hil;

[NonParallelizable]
[Category("Hil")]
public class LanderOverLinkTests
{
    private const int Episodes = 3;

    [Test]
    public void ShippedLander_FliesTheEmulatedLanderAt50Hz_LandsAsInItsDryRun()
    {
        using var policy = new OnnxPolicy(HilRig.LanderModel);
        DryRunResult dry = DryRun.Run(policy, new DryRunConfig { Episodes = Episodes, Seed = 0 });
        using var rig = new HilRig(new EmulatorConfig { EnvId = "lander", Episodes = Episodes, Seed = 0, WatchdogMs = HilRig.FlightWatchdogMs, Lockstep = true });
        HardwareRunResult host = rig.RunHost(policy, new HardwareRunConfig { Safety = HilRig.FlightSafety });
        EmulatorResult plant = rig.Finish(TimeSpan.FromSeconds(5));
        TestContext.Out.WriteLine($"dry run: success {dry.SuccessRate:P0}, return {dry.MeanReturn:F1}; HIL: success {plant.SuccessRate:P0}, " +
                                  $"return {plant.MeanReturn:F1}, {host.Loop.Ticks} ticks, overruns {host.Loop.Overruns}, link {host.Link}");
        Assert.Multiple(() =>
        {
            Assert.That(plant.Episodes, Has.Count.EqualTo(Episodes));
            // Compared as whole episodes: 1 − 1/3 and 2/3 differ in the last bit.
            int landed = (int)Math.Round(plant.SuccessRate * Episodes), dryLanded = (int)Math.Round(dry.SuccessRate * Episodes);
            Assert.That(landed, Is.GreaterThanOrEqualTo(dryLanded - 1), "comparable to the dry run: at most one landing fewer");
            Assert.That(landed, Is.GreaterThanOrEqualTo(2));
            Assert.That(host.Loop.StopReason, Is.EqualTo(StopReason.Signal), "ended by the operator once the episodes were done");
            Assert.That(host.Loop.RateHz, Is.EqualTo(50));
            Assert.That(host.Link!.Value.FramesRejected, Is.Zero);
            Assert.That(plant.FramesRejected, Is.Zero);
            Assert.That(plant.WatchdogTrips, Is.Zero);
            Assert.That(plant.CommandsApplied, Is.GreaterThan(Episodes * 100), "the policy's commands drove the thrusters");
            // On a clean link no command is lost on the way: only a tick the host itself skipped (a loaded machine ran
            // it late) leaves the device a period on its held outputs.
            Assert.That(plant.HeldPeriods, Is.LessThanOrEqualTo(host.Loop.SkippedTicks), "every period the host sent a command for flew it");
        });
    }

    [Test]
    public void HostThatStopsWhileTheDeviceRuns_DisarmsIt_AndReportsTheDeviceDisarmed()
    {
        using var policy = new OnnxPolicy(HilRig.LanderModel);
        using var rig = new HilRig(new EmulatorConfig { EnvId = "lander", Episodes = 50, Seed = 2, WatchdogMs = HilRig.FlightWatchdogMs });
        // The run ends on its duration, mid-flight, with the device armed and answering.
        HardwareRunResult host = rig.RunHost(policy, new HardwareRunConfig { Safety = HilRig.FlightSafety, DurationSeconds = 1.5 });
        bool armedAfter = rig.Emulator.DeviceArmed;
        TestContext.Out.WriteLine($"host {host.Loop.StopReason} after {host.Loop.Ticks} ticks, device armed at end {host.DeviceArmedAtEnd}, link {host.Link}");
        Assert.Multiple(() =>
        {
            Assert.That(host.Loop.Ticks, Is.GreaterThan(25), "the policy flew before the end");
            Assert.That(host.DeviceArmedAtEnd, Is.False, "the device's own telemetry confirmed the closing disarm");
            Assert.That(armedAfter, Is.False);
        });
    }

    [Test]
    public void FivePercentDroppedAndCorruptedFrames_StillLands_AndNoCorruptedCommandReachesAnActuator()
    {
        using var policy = new OnnxPolicy(HilRig.LanderModel);
        using var rig = new HilRig(new EmulatorConfig { EnvId = "lander", Episodes = 2, Seed = 1, Drop = 0.05, Corrupt = 0.05, WatchdogMs = HilRig.FlightWatchdogMs, Lockstep = true });
        HardwareRunResult host = rig.RunHost(policy, new HardwareRunConfig { Safety = HilRig.FlightSafety });
        EmulatorResult plant = rig.Finish(TimeSpan.FromSeconds(5));
        TestContext.Out.WriteLine($"faulty link: success {plant.SuccessRate:P0}, device rejected {plant.FramesRejected}, host rejected " +
                                  $"{host.Link!.Value.FramesRejected}, corrupted applied {plant.CorruptedCommandsApplied}, host {host.Loop.StopReason} after {host.Loop.Ticks} ticks, link {host.Link}");
        Assert.Multiple(() =>
        {
            Assert.That(plant.Episodes, Has.Count.EqualTo(2));
            Assert.That(plant.SuccessRate, Is.GreaterThanOrEqualTo(0.5));
            Assert.That(plant.CorruptedCommandsApplied, Is.Zero);
            Assert.That(plant.FramesRejected, Is.GreaterThan(0), "corrupted commands were thrown away by the device");
            Assert.That(host.Link!.Value.FramesRejected, Is.GreaterThan(0), "corrupted telemetry was thrown away by the host");
            Assert.That(plant.HeldPeriods, Is.GreaterThan(0), "periods whose command was lost flew on the held outputs");
            Assert.That(host.Loop.StopReason, Is.EqualTo(StopReason.Signal));
        });
    }

    [Test]
    public void SilentLink_BothSidesGoNeutralWithin250ms()
    {
        using var policy = new OnnxPolicy(HilRig.LanderModel);
        // The emulator pulls the cable itself once the policy has flown for a fifth of a second. A machine so loaded
        // that the emulated device fell silent for 100 ms before the pull made no measurement: that flight is flown
        // again after a pause (at most six times; the other test assemblies' trainings load the machine in bursts);
        // the limits below are never widened for it.
        HilRig rig;
        HardwareRunResult host;
        int attempt = 0;
        while (true)
        {
            rig = new HilRig(new EmulatorConfig { EnvId = "lander", Episodes = 5, DisconnectAtSeconds = 0.2, DisconnectMs = 600 });
            host = rig.RunHost(policy);
            Thread.Sleep(700);
            if (rig.Emulator.DisconnectedAtMicros > 0 || ++attempt == 6)
            {
                break;
            }
            TestContext.Out.WriteLine($"attempt {attempt}: the host stopped ({host.Loop.StopReason}) before the cable was pulled; flying again");
            rig.Finish(TimeSpan.Zero);
            rig.Dispose();
            Thread.Sleep(1000);
        }
        using var owned = rig;
        var device = rig.Emulator.Endpoint.Device;
        bool armedAfter = rig.Emulator.DeviceArmed;
        EmulatorResult plant = rig.Finish(TimeSpan.Zero);
        long silent = rig.Emulator.DisconnectedAtMicros;
        // The tick that latched the stale-input stop is the one that commanded neutral.
        long hostNeutral = DrlRobot.Hardware.Link.LinkClock.ToMicros(host.Loop.LastTickTimestamp, System.Diagnostics.Stopwatch.Frequency);
        double hostMs = (hostNeutral - silent) / 1000.0, deviceMs = (device.WatchdogTrippedAtMicros - silent) / 1000.0;
        double hostLateMs = host.Loop.DeadlineErrorMaxUs / 1000.0, deviceGapMs = plant.MaxLoopGapMs;
        TestContext.Out.WriteLine($"cable pulled: host neutral after {hostMs:F1} ms ({host.Loop.StopReason}; its loop ran at most {hostLateMs:F1} ms late), " +
                                  $"device watchdog after {deviceMs:F1} ms ({plant.MaxWatchdogLatencyMs:F1} ms after its last command; " +
                                  $"its loop's longest gap {deviceGapMs:F1} ms)");
        Assert.Multiple(() =>
        {
            Assert.That(silent, Is.GreaterThan(0), "the cable was pulled");
            Assert.That(host.Loop.StopReason, Is.EqualTo(StopReason.StaleInput));
            // The last telemetry came in at most one tick before the pull.
            Assert.That(hostMs, Is.GreaterThan(100 - (1000 / host.Loop.RateHz)), "not before the 100 ms staleness limit had passed");
            Assert.That(hostMs, Is.LessThan(250 + hostLateMs), "the host latched and commanded neutral within 250 ms of its schedule");
            Assert.That(plant.WatchdogTrips, Is.EqualTo(1));
            // The watchdog trips on the first pass of the device loop after 250 ms without a command: never sooner,
            // and no later than the loop's longest gap after it (a microcontroller loops in microseconds).
            Assert.That(plant.MaxWatchdogLatencyMs, Is.GreaterThan(250), "not before the watchdog's limit");
            Assert.That(plant.MaxWatchdogLatencyMs, Is.LessThanOrEqualTo(250 + deviceGapMs + 0.01), "the device's watchdog took its outputs neutral");
            Assert.That(deviceMs, Is.LessThanOrEqualTo(250 + deviceGapMs + 0.01), "measured from the pull, too");
            Assert.That(armedAfter, Is.False, "still disarmed after the cable came back");
        });
    }

    [Test]
    public void LinkComesBack_TheRuntimeDoesNotReArmByItself()
    {
        using var policy = new OnnxPolicy(HilRig.LanderModel);
        using var rig = new HilRig(new EmulatorConfig { EnvId = "lander", Episodes = 5, DisconnectAtSeconds = 1, DisconnectMs = 500 });
        // A host that tolerates old input for 2 s is still running when the link returns, and sees the device's trip.
        HardwareRunResult host = rig.RunHost(policy, new HardwareRunConfig { Safety = new SafetyConfig { MaxInputAgeSeconds = 2 } });
        long applied = rig.Emulator.CommandsApplied;
        Thread.Sleep(500);
        Assert.Multiple(() =>
        {
            Assert.That(rig.Emulator.DisconnectedAtMicros, Is.GreaterThan(0), "the cable was pulled");
            Assert.That(host.Loop.StopReason, Is.EqualTo(StopReason.DeviceFailure));
            Assert.That(host.FaultDetail, Is.EqualTo("device watchdog tripped"));
            Assert.That(rig.Emulator.DeviceArmed, Is.False);
            Assert.That(rig.Emulator.CommandsApplied, Is.EqualTo(applied), "no command reached the outputs after the trip");
        });
    }

    [Test]
    public void Shadow_ReadsTelemetry_NeverArmsTheDevice()
    {
        using var policy = new OnnxPolicy(HilRig.LanderModel);
        using var rig = new HilRig(new EmulatorConfig { EnvId = "lander", Episodes = 1, WatchdogMs = HilRig.FlightWatchdogMs });
        HardwareRunResult host = rig.RunHost(policy, new HardwareRunConfig { Shadow = true, DurationSeconds = 1, Safety = HilRig.FlightSafety });
        Assert.Multiple(() =>
        {
            Assert.That(host.Loop.StopReason, Is.EqualTo(StopReason.Completed));
            Assert.That(host.Loop.Ticks + host.Loop.SkippedTicks, Is.EqualTo(50), "one second at 50 Hz (ticks a stalled host skipped included)");
            Assert.That(host.ShadowActiveTicks, Is.GreaterThan(10), "the policy would have fired its engines");
            Assert.That(rig.Emulator.DeviceArmed, Is.False);
            Assert.That(rig.Emulator.CommandsApplied, Is.Zero);
            // The device answers every command; a stalled emulator may answer the last few late, never most of them.
            Assert.That(host.Link!.Value.FramesReceived, Is.GreaterThanOrEqualTo(host.Loop.Ticks / 2).And.GreaterThan(5), "telemetry kept coming");
        });
    }
}
