// The control loop with fakes and with the real tiny ONNX policy: zero allocation per tick, pacing on absolute
// deadlines, the skip-and-count overrun policy, contract checks, and every stop path leaving the outputs neutral.
using System.Diagnostics;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Telemetry;
using DrlRobot.Runtime.Tests.Fakes;
using DrlRobot.Runtime.Tests.Policy;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Tests.Control;

public class ControlLoopTests
{
    private static readonly SafetyConfig Relaxed = new() { ArmingSeconds = 0, ObservationMargin = float.PositiveInfinity };

    [Test]
    public void Tick_AllocatesNothingOver10000TicksWithTheOnnxPolicySupervisorAndTelemetry()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLander);
        var plant = new FakePlant(policy.Contract) { RecordCommands = false };
        string file = Path.Combine(Path.GetTempPath(), $"drl-alloc-{Guid.NewGuid():N}.bin");
        const int Ticks = 10_000;
        long atFirst = 0, atLast = 0;
        // Measured inside the loop, from the start of tick 1 to the start of tick 10001: exactly 10,000 whole ticks of
        // sense → policy → supervise → act → telemetry, and nothing of the run's set-up or summary.
        plant.OnSense = sense =>
        {
            if (sense == 1)
            {
                atFirst = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (sense == Ticks + 1)
            {
                atLast = GC.GetAllocatedBytesForCurrentThread();
            }
        };
        try
        {
            using var telemetry = TelemetryRecorder.Create(file, policy.Contract, 50, realtime: false, capacity: 2 * Ticks);
            var supervisor = new SafetySupervisor(policy.Contract, Relaxed with { DefaultSlewRate = 50f });
            using var loop = new ControlLoop(plant, policy, supervisor, new ControlLoopConfig { Realtime = false, MaxTicks = Ticks + 2 }, telemetry);

            LoopResult result = loop.Run();

            Assert.Multiple(() =>
            {
                Assert.That(result.Ticks, Is.EqualTo(Ticks + 2));
                Assert.That(result.StopReason, Is.EqualTo(StopReason.Completed));
                Assert.That(atLast, Is.Not.Zero, "the probe ran");
                Assert.That(atLast - atFirst, Is.Zero, "bytes allocated over 10,000 ticks");
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void DryRunTicks_AllocateNothingEitherAcrossEpisodeResets()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLander);
        using var plant = new SimPlant(DrlRobot.Sim.EnvRegistry.CreateSingle("lander"), episodes: 100_000, seed: 5);
        var probe = new ProbePlant(plant);
        var supervisor = new SafetySupervisor(policy.Contract, Relaxed);
        using var loop = new ControlLoop(probe, policy, supervisor, new ControlLoopConfig { Realtime = false, MaxTicks = 10_002 });

        LoopResult result = loop.Run();

        Assert.Multiple(() =>
        {
            Assert.That(result.Ticks, Is.EqualTo(10_002));
            Assert.That(plant.EpisodesDone, Is.GreaterThan(10), "several episodes ended and were reset inside the window");
            Assert.That(probe.AllocatedOver10000Ticks, Is.Zero);
        });
    }

    /// <summary>Wraps a plant and measures allocation from the start of tick 1 to the start of tick 10001.</summary>
    private sealed class ProbePlant(IPlant inner) : IPlant
    {
        private long _senses, _first;

        public long AllocatedOver10000Ticks { get; private set; } = -1;

        public RobotContract Contract => inner.Contract;

        public string Label => inner.Label;

        public bool Finished => inner.Finished;

        public int Episode => inner.Episode;

        public bool Healthy => inner.Healthy;

        public bool Sense(Span<float> observation, out long timestamp)
        {
            if (_senses == 1)
            {
                _first = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (_senses == 10_001)
            {
                AllocatedOver10000Ticks = GC.GetAllocatedBytesForCurrentThread() - _first;
            }
            _senses++;
            return inner.Sense(observation, out timestamp);
        }

        public void Command(ReadOnlySpan<float> command) => inner.Command(command);

        public void CommandNeutral() => inner.CommandNeutral();

        public void Dispose()
        {
        }
    }

    [Test]
    public void Realtime_PacesTicksOnTheContractRate()
    {
        RobotContract contract = TestContracts.Small(controlHz: 200);
        var plant = new FakePlant(contract);
        using var policy = new FakePolicy(contract, _ => 0.5f);
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed), new ControlLoopConfig { MaxTicks = 40 });

        LoopResult result = loop.Run();

        Assert.Multiple(() =>
        {
            // 40 deadlines 5 ms apart: the last is due 195 ms after the first, never earlier.
            Assert.That(result.WallSeconds, Is.GreaterThanOrEqualTo(0.195));
            Assert.That(result.Ticks + result.SkippedTicks, Is.EqualTo(40));
            Assert.That(result.RateHz, Is.EqualTo(200));
            Assert.That(result.DeadlineErrorMaxUs, Is.GreaterThanOrEqualTo(result.DeadlineErrorP50Us));
        });
    }

    [Test]
    public void RateOverride_ReplacesTheContractRate()
    {
        RobotContract contract = TestContracts.Small(controlHz: 10);
        var plant = new FakePlant(contract);
        using var policy = new FakePolicy(contract, _ => 0.5f);
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed), new ControlLoopConfig { MaxTicks = 20, RateHz = 400 });

        var watch = Stopwatch.StartNew();
        LoopResult result = loop.Run();

        Assert.That(result.RateHz, Is.EqualTo(400));
        Assert.That(watch.Elapsed.TotalSeconds, Is.GreaterThanOrEqualTo(19 / 400.0).And.LessThan(19 / 10.0));
    }

    [Test]
    public void Overrun_SkipsTheMissedTicksAndCountsThem()
    {
        RobotContract contract = TestContracts.Small(controlHz: 200);
        var plant = new FakePlant(contract);
        // Tick 5 takes 17 ms, so the deadlines at 30, 35 and 40 ms pass while it runs.
        using var policy = new FakePolicy(contract, _ => 0.5f) { Slow = (5, TimeSpan.FromMilliseconds(17)) };
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed), new ControlLoopConfig { MaxTicks = 20 });

        LoopResult result = loop.Run();

        Assert.Multiple(() =>
        {
            Assert.That(result.SkippedTicks, Is.GreaterThanOrEqualTo(3));
            Assert.That(result.Overruns, Is.GreaterThanOrEqualTo(1));
            Assert.That(result.Ticks + result.SkippedTicks, Is.EqualTo(20), "skipped ticks are not run late");
            Assert.That(result.TickMaxUs, Is.GreaterThanOrEqualTo(17_000));
        });
    }

    [Test]
    public void ContractMismatch_IsRefusedNamingTheFirstDifferingField()
    {
        RobotContract model = TestContracts.Small();
        RobotContract robot = model with { Observations = [model.Observations[0], new ObservationSpec("c", "m", 0f, 10f)] };
        using var policy = new FakePolicy(model, _ => 0f);

        Assert.That(() => new ControlLoop(new FakePlant(robot), policy, new SafetySupervisor(model)),
                    Throws.ArgumentException.With.Message.Contains("observations[1].name").And.Message.Contains("'b'").And.Message.Contains("'c'"));
    }

    [Test]
    public void NaNFromThePolicy_StopsTheRunWithOutputsNeutral()
    {
        RobotContract contract = TestContracts.Small();
        var plant = new FakePlant(contract);
        using var policy = new FakePolicy(contract, call => call == 7 ? float.NaN : 0.8f);
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed), new ControlLoopConfig { Realtime = false, MaxTicks = 100 });

        LoopResult result = loop.Run();

        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(StopReason.NonFiniteAction));
            Assert.That(result.StopDetail, Is.EqualTo("thrust"));
            Assert.That(result.Ticks, Is.EqualTo(8));
            Assert.That(plant.Commands.Count, Is.EqualTo(7), "the NaN tick sends no policy command");
            Assert.That(plant.LastCommand, Is.EqualTo(new[] { 0f, 0.5f }));
        });
    }

    [Test]
    public void StaleInput_StopsTheRunWithOutputsNeutral()
    {
        RobotContract contract = TestContracts.Small();
        var plant = new FakePlant(contract) { InputAgeSeconds = 0.5 };
        using var policy = new FakePolicy(contract, _ => 0.8f);
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed), new ControlLoopConfig { Realtime = false, MaxTicks = 100 });

        LoopResult result = loop.Run();

        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(StopReason.StaleInput));
            Assert.That(result.StopReason.IsSafetyAbort(), Is.True);
            Assert.That(plant.Commands, Is.Empty);
            Assert.That(plant.LastCommand, Is.EqualTo(new[] { 0f, 0.5f }));
        });
    }

    [Test]
    public void FailedDevice_StopsTheRunWithDeviceFailure()
    {
        RobotContract contract = TestContracts.Small();
        var plant = new FakePlant(contract);
        using var policy = new FakePolicy(contract, _ => 0.8f);
        plant.OnSense = n => plant.Healthy = n < 10;
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed), new ControlLoopConfig { Realtime = false, MaxTicks = 100 });

        LoopResult result = loop.Run();

        Assert.That(result.StopReason, Is.EqualTo(StopReason.DeviceFailure));
        Assert.That(plant.LastCommand, Is.EqualTo(new[] { 0f, 0.5f }));
    }

    [Test]
    public void KillSwitchDuringARun_StopsItWithOutputsNeutral()
    {
        RobotContract contract = TestContracts.Small();
        var plant = new FakePlant(contract);
        var kill = new FakeKillSwitch();
        plant.OnSense = n => kill.IsTripped = n >= 20;
        using var policy = new FakePolicy(contract, _ => 0.8f);
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed, [kill]), new ControlLoopConfig { Realtime = false });

        LoopResult result = loop.Run();

        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(StopReason.KillSwitch));
            Assert.That(result.Ticks, Is.EqualTo(21));
            Assert.That(plant.Commands[^1], Is.EqualTo(new[] { 0.8f, 0.8f }), "armed until the switch");
            Assert.That(plant.LastCommand, Is.EqualTo(new[] { 0f, 0.5f }));
        });
    }

    [Test]
    public void SignalSwitch_EndsTheRunAsSignalNotAsASafetyAbort()
    {
        RobotContract contract = TestContracts.Small();
        var plant = new FakePlant(contract);
        var signal = new FakeKillSwitch(StopReason.Signal);
        plant.OnSense = n => signal.IsTripped = n >= 3;
        using var policy = new FakePolicy(contract, _ => 0.8f);
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed, [signal]), new ControlLoopConfig { Realtime = false });

        LoopResult result = loop.Run();

        Assert.That(result.StopReason, Is.EqualTo(StopReason.Signal));
        Assert.That(result.StopReason.IsSafetyAbort(), Is.False);
        Assert.That(plant.LastCommand, Is.EqualTo(new[] { 0f, 0.5f }));
    }

    [Test]
    public void CompletedRun_EndsWithOutputsNeutral()
    {
        RobotContract contract = TestContracts.Small();
        var plant = new FakePlant(contract);
        using var policy = new FakePolicy(contract, _ => 0.8f);
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed), new ControlLoopConfig { Realtime = false, DurationSeconds = 1 });

        LoopResult result = loop.Run();

        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(StopReason.Completed));
            Assert.That(result.Ticks, Is.EqualTo(50), "one second of control time at 50 Hz");
            Assert.That(plant.Commands[0], Is.EqualTo(new[] { 0f, 0.5f }), "first tick is never armed");
            Assert.That(plant.LastCommand, Is.EqualTo(new[] { 0f, 0.5f }));
        });
    }

    [Test]
    public void SecondRun_ArmsAgainAndALatchedStopCarriesOver()
    {
        RobotContract contract = TestContracts.Small();
        var plant = new FakePlant(contract);
        using var policy = new FakePolicy(contract, _ => 0.8f);
        var supervisor = new SafetySupervisor(contract, Relaxed);
        using var loop = new ControlLoop(plant, policy, supervisor, new ControlLoopConfig { Realtime = false, MaxTicks = 5 });

        loop.Run();
        plant.Commands.Clear();
        loop.Run();
        Assert.That(plant.Commands[0], Is.EqualTo(new[] { 0f, 0.5f }), "the second run starts neutral too");

        supervisor.EmergencyStop();
        plant.Commands.Clear();
        LoopResult stopped = loop.Run();
        Assert.That(stopped.StopReason, Is.EqualTo(StopReason.EmergencyStop));
        Assert.That(plant.Commands, Is.Empty);

        supervisor.ReArm();
        Assert.That(loop.Run().StopReason, Is.EqualTo(StopReason.Completed));
    }

    [Test]
    public void Run_RestoresTheGcLatencyMode()
    {
        RobotContract contract = TestContracts.Small();
        using var policy = new FakePolicy(contract, _ => 0.8f);
        System.Runtime.GCLatencyMode before = System.Runtime.GCSettings.LatencyMode;
        using var loop = new ControlLoop(new FakePlant(contract), policy, new SafetySupervisor(contract, Relaxed), new ControlLoopConfig { Realtime = false, MaxTicks = 5 });

        LoopResult result = loop.Run();

        Assert.That(System.Runtime.GCSettings.LatencyMode, Is.EqualTo(before));
        Assert.That(result.Notes, Has.Some.Contains("gc: SustainedLowLatency").Or.Some.Contains("gc: LowLatency"));
    }

    [Test]
    public void RealtimePriorityAndPinning_AreAppliedOrReportedNeverFatal()
    {
        RobotContract contract = TestContracts.Small();
        using var policy = new FakePolicy(contract, _ => 0.8f);
        var plant = new FakePlant(contract);
        using var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed),
                                         new ControlLoopConfig { Realtime = false, MaxTicks = 5, RealtimePriority = 10, Cpu = 0 });
        if (!OperatingSystem.IsLinux())
        {
            Assert.That(loop.Run().Notes, Is.SupersetOf(new[]
            {
                "scheduler: SCHED_FIFO 10 not applied: real-time scheduling is only set on Linux",
                "affinity: cpu 0 not applied: CPU pinning is only set on Linux",
            }));
            return;
        }
        // What the kernel says, read on the loop's own thread in the middle of the run, and before and after it.
        (int Policy, int Priority) before = ThreadScheduling.Current(), during = (-1, -1);
        int[] cpusBefore = ThreadScheduling.Cpus(), cpusDuring = [];
        plant.OnSense = sense =>
        {
            if (sense == 2)
            {
                during = ThreadScheduling.Current();
                cpusDuring = ThreadScheduling.Cpus();
            }
        };
        int fifoErrno = ThreadScheduling.FifoErrno(10);

        LoopResult result = loop.Run();

        string scheduler = result.Notes.Single(n => n.StartsWith("scheduler:", StringComparison.Ordinal));
        string affinity = result.Notes.Single(n => n.StartsWith("affinity:", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"{scheduler}; {affinity}");
        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(StopReason.Completed));
            if (fifoErrno == 0)
            {
                Assert.That(scheduler, Is.EqualTo("scheduler: SCHED_FIFO 10"), "this process may set SCHED_FIFO");
                Assert.That(during, Is.EqualTo((ThreadScheduling.SchedFifo, 10)), "the loop thread's policy and priority during the run");
            }
            else
            {
                string why = fifoErrno switch { 1 => "EPERM", 22 => "EINVAL", _ => $"errno {fifoErrno}" };
                Assert.That(scheduler, Does.StartWith("scheduler: SCHED_FIFO 10 not applied: ").And.Contain(why),
                            $"this process may not set SCHED_FIFO (errno {fifoErrno})");
                Assert.That(during, Is.EqualTo(before), "the loop thread's policy and priority during the run, unchanged");
            }
            Assert.That(ThreadScheduling.Current(), Is.EqualTo(before), "policy and priority after the run, restored");

            if (cpusBefore.Contains(0))
            {
                Assert.That(affinity, Is.EqualTo("affinity: cpu 0"), "cpu 0 is one this thread may run on");
                Assert.That(cpusDuring, Is.EqualTo(new[] { 0 }), "the loop thread's CPUs during the run");
            }
            else
            {
                Assert.That(affinity, Does.StartWith("affinity: cpu 0 not applied: ").And.Contain("EINVAL"), "cpu 0 is outside this thread's CPUs");
                Assert.That(cpusDuring, Is.EqualTo(cpusBefore), "the loop thread's CPUs during the run, unchanged");
            }
            Assert.That(ThreadScheduling.Cpus(), Is.EqualTo(cpusBefore), "CPUs after the run, restored");
        });
    }

    [Test]
    public void Dispose_CommandsNeutral()
    {
        RobotContract contract = TestContracts.Small();
        var plant = new FakePlant(contract);
        using var policy = new FakePolicy(contract, _ => 0.8f);
        var loop = new ControlLoop(plant, policy, new SafetySupervisor(contract, Relaxed), new ControlLoopConfig { Realtime = false, MaxTicks = 5 });
        int before = plant.NeutralCommands;

        loop.Dispose();

        Assert.That(plant.NeutralCommands, Is.EqualTo(before + 1));
    }

    [Test]
    public void Config_RefusesBadValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ControlLoopConfig { RateHz = 0 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("rate_hz"));
            Assert.That(() => new ControlLoopConfig { MaxTicks = 0 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new ControlLoopConfig { RealtimePriority = 100 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new ControlLoopConfig { Cpu = Environment.ProcessorCount }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
