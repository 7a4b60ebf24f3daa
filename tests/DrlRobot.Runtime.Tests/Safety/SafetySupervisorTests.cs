// The safety supervisor, one rule per test, with fakes: non-finite guard, clamp, slew limit, observation range and
// staleness, arming, kill switch, latched stop and re-arm.
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Tests.Fakes;

namespace DrlRobot.Runtime.Tests.Safety;

public class SafetySupervisorTests
{
    private const double Period = 0.02;
    private static readonly float[] Neutral = [0f, 0.5f];
    private static readonly float[] GoodObservation = [0.2f, 5f];

    private static SafetySupervisor Armed(SafetyConfig? config = null, params IKillSwitch[] switches)
    {
        var supervisor = new SafetySupervisor(TestContracts.Small(), config ?? new SafetyConfig { ArmingSeconds = 0 }, switches);
        var action = new float[2];
        supervisor.Supervise(0, GoodObservation, true, 0, action);
        supervisor.Supervise(Period, GoodObservation, true, 0, action);
        Assert.That(supervisor.State, Is.EqualTo(SupervisorState.Armed), "set-up: armed after two ticks");
        return supervisor;
    }

    [Test]
    public void NaNOrInfiniteAction_LatchesAStopAndCommandsNeutral([Values(float.NaN, float.PositiveInfinity, float.NegativeInfinity)] float bad)
    {
        SafetySupervisor supervisor = Armed();
        float[] action = [0.3f, bad];

        SafetyFlags flags = supervisor.Supervise(2 * Period, GoodObservation, true, 0, action);

        Assert.Multiple(() =>
        {
            Assert.That(action, Is.EqualTo(Neutral));
            Assert.That(flags.HasFlag(SafetyFlags.NonFiniteAction) && flags.HasFlag(SafetyFlags.Latched), Is.True, flags.ToString());
            Assert.That(supervisor.LatchedReason, Is.EqualTo(StopReason.NonFiniteAction));
            Assert.That(supervisor.LatchedIndex, Is.EqualTo(1));
        });
    }

    [Test]
    public void ActionOutsideTheContract_IsClampedToItsRange()
    {
        SafetySupervisor supervisor = Armed();
        float[] action = [1.7f, -9f];

        SafetyFlags flags = supervisor.Supervise(2 * Period, GoodObservation, true, 0, action);

        Assert.Multiple(() =>
        {
            Assert.That(action, Is.EqualTo(new[] { 1f, -2f }));
            Assert.That(flags.HasFlag(SafetyFlags.Clamped), Is.True);
            Assert.That(supervisor.State, Is.EqualTo(SupervisorState.Armed));
            Assert.That(supervisor.ClampedTicks, Is.EqualTo(1));
        });
    }

    [Test]
    public void ActionInsideTheContract_PassesUnchanged()
    {
        SafetySupervisor supervisor = Armed();
        float[] action = [0.25f, -1.5f];

        SafetyFlags flags = supervisor.Supervise(2 * Period, GoodObservation, true, 0, action);

        Assert.That(action, Is.EqualTo(new[] { 0.25f, -1.5f }));
        Assert.That(flags, Is.EqualTo(SafetyFlags.Armed));
    }

    [Test]
    public void SlewRate_LimitsEachActuatorsChangePerSecondOfControlTime()
    {
        var config = new SafetyConfig { ArmingSeconds = 0, SlewRates = new Dictionary<string, float> { ["thrust"] = 5f } };
        SafetySupervisor supervisor = Armed(config);
        float[] action = [1f, 2f];

        SafetyFlags flags = supervisor.Supervise(2 * Period, GoodObservation, true, 0, action);

        Assert.Multiple(() =>
        {
            // From neutral 0 at 5 units/s over one 20 ms period: 0.1. The servo has no limit and jumps.
            Assert.That(action[0], Is.EqualTo(0.1f).Within(1e-6));
            Assert.That(action[1], Is.EqualTo(2f));
            Assert.That(flags.HasFlag(SafetyFlags.SlewLimited), Is.True);
        });
        action = [1f, 2f];
        supervisor.Supervise(4 * Period, GoodObservation, true, 0, action); // two periods later: 0.2 more
        Assert.That(action[0], Is.EqualTo(0.3f).Within(1e-6));
        action = [0f, 2f];
        supervisor.Supervise(5 * Period, GoodObservation, true, 0, action); // and down again at the same rate
        Assert.That(action[0], Is.EqualTo(0.2f).Within(1e-6));
    }

    [Test]
    public void DefaultSlewRate_AppliesToActuatorsNotNamed()
    {
        SafetySupervisor supervisor = Armed(new SafetyConfig { ArmingSeconds = 0, DefaultSlewRate = 10f });
        float[] action = [1f, -2f];

        supervisor.Supervise(2 * Period, GoodObservation, true, 0, action);

        Assert.That(action, Is.EqualTo(new[] { 0.2f, 0.3f }).Within(1e-6));
    }

    [Test]
    public void SlewRateForAnUnknownActuator_IsRefused()
    {
        var config = new SafetyConfig { SlewRates = new Dictionary<string, float> { ["rudder"] = 1f } };
        Assert.That(() => new SafetySupervisor(TestContracts.Small(), config), Throws.ArgumentException.With.Message.Contains("rudder"));
    }

    [Test]
    public void ObservationWithinTheMargin_IsAccepted_BeyondItLatchesAStop()
    {
        var config = new SafetyConfig { ArmingSeconds = 0, ObservationMargin = 0.1f }; // b in [0, 10] → [-1, 11]
        SafetySupervisor supervisor = Armed(config);
        float[] action = [0.5f, 0f];

        supervisor.Supervise(2 * Period, [0.2f, 10.9f], true, 0, action);
        Assert.That(supervisor.State, Is.EqualTo(SupervisorState.Armed));

        SafetyFlags flags = supervisor.Supervise(3 * Period, [0.2f, 11.1f], true, 0, action);
        Assert.Multiple(() =>
        {
            Assert.That(flags.HasFlag(SafetyFlags.ObservationOutOfRange), Is.True);
            Assert.That(supervisor.LatchedReason, Is.EqualTo(StopReason.ObservationOutOfRange));
            Assert.That(supervisor.LatchedIndex, Is.EqualTo(1));
            Assert.That(action, Is.EqualTo(Neutral));
        });
    }

    [Test]
    public void InfiniteMargin_DisablesTheRangeCheckButNotTheNaNCheck()
    {
        SafetySupervisor supervisor = Armed(new SafetyConfig { ArmingSeconds = 0, ObservationMargin = float.PositiveInfinity });
        float[] action = [0.5f, 0f];

        supervisor.Supervise(2 * Period, [1e6f, -1e6f], true, 0, action);
        Assert.That(supervisor.State, Is.EqualTo(SupervisorState.Armed));

        supervisor.Supervise(3 * Period, [float.NaN, 0f], true, 0, action);
        Assert.That(supervisor.LatchedReason, Is.EqualTo(StopReason.NonFiniteObservation));
    }

    [Test]
    public void InputOlderThanTheLimit_LatchesAStaleInputStop()
    {
        SafetySupervisor supervisor = Armed(new SafetyConfig { ArmingSeconds = 0, MaxInputAgeSeconds = 0.05 });
        float[] action = [0.5f, 0f];

        supervisor.Supervise(2 * Period, GoodObservation, true, 0.049, action);
        Assert.That(supervisor.State, Is.EqualTo(SupervisorState.Armed));

        SafetyFlags flags = supervisor.Supervise(3 * Period, GoodObservation, true, 0.051, action);
        Assert.Multiple(() =>
        {
            Assert.That(flags.HasFlag(SafetyFlags.StaleInput), Is.True);
            Assert.That(supervisor.LatchedReason, Is.EqualTo(StopReason.StaleInput));
            Assert.That(action, Is.EqualTo(Neutral));
        });
    }

    [Test]
    public void MissingInput_LatchesAStaleInputStop()
    {
        SafetySupervisor supervisor = Armed();
        float[] action = [0.5f, 0f];

        supervisor.Supervise(2 * Period, GoodObservation, false, 0, action);

        Assert.That(supervisor.LatchedReason, Is.EqualTo(StopReason.StaleInput));
    }

    [Test]
    public void Arming_HoldsNeutralForTheArmingTime()
    {
        var supervisor = new SafetySupervisor(TestContracts.Small(), new SafetyConfig { ArmingSeconds = 0.1 });
        var states = new List<SupervisorState>();
        for (int tick = 0; tick <= 6; tick++)
        {
            float[] action = [0.9f, 1.5f];
            SafetyFlags flags = supervisor.Supervise(tick * Period, GoodObservation, true, 0, action);
            states.Add(supervisor.State);
            if (supervisor.State == SupervisorState.Arming)
            {
                Assert.That(action, Is.EqualTo(Neutral), $"tick {tick}");
                Assert.That(flags.HasFlag(SafetyFlags.Arming), Is.True);
            }
            else
            {
                Assert.That(action, Is.EqualTo(new[] { 0.9f, 1.5f }), $"tick {tick}");
            }
        }
        // Ticks at 0, 20, 40, 60, 80 ms are neutral; 100 ms is the first armed one.
        Assert.That(states.IndexOf(SupervisorState.Armed), Is.EqualTo(5));
    }

    [Test]
    public void Arming_NeverArmsOnTheFirstTick_EvenWithZeroArmingTime()
    {
        var supervisor = new SafetySupervisor(TestContracts.Small(), new SafetyConfig { ArmingSeconds = 0 });
        float[] action = [0.9f, 1.5f];

        supervisor.Supervise(0, GoodObservation, true, 0, action);

        Assert.Multiple(() =>
        {
            Assert.That(supervisor.State, Is.EqualTo(SupervisorState.Arming));
            Assert.That(action, Is.EqualTo(Neutral));
        });
    }

    [Test]
    public void KillSwitch_LatchesAStopWithItsReason()
    {
        var kill = new FakeKillSwitch();
        SafetySupervisor supervisor = Armed(null, kill);
        float[] action = [0.5f, 0f];

        kill.IsTripped = true;
        SafetyFlags flags = supervisor.Supervise(2 * Period, GoodObservation, true, 0, action);

        Assert.Multiple(() =>
        {
            Assert.That(flags.HasFlag(SafetyFlags.KillSwitch), Is.True);
            Assert.That(supervisor.LatchedReason, Is.EqualTo(StopReason.KillSwitch));
            Assert.That(action, Is.EqualTo(Neutral));
        });
    }

    [Test]
    public void LatchedStop_HoldsNeutralAfterTheCauseClears_UntilReArm()
    {
        var kill = new FakeKillSwitch();
        var supervisor = new SafetySupervisor(TestContracts.Small(), new SafetyConfig { ArmingSeconds = 0.04 }, [kill]);
        float[] action = [0.5f, 0f];
        for (int tick = 0; tick < 3; tick++)
        {
            supervisor.Supervise(tick * Period, GoodObservation, true, 0, action);
        }
        Assert.That(supervisor.State, Is.EqualTo(SupervisorState.Armed), "set-up: armed at 40 ms");
        kill.IsTripped = true;
        supervisor.Supervise(2 * Period, GoodObservation, true, 0, action);
        kill.IsTripped = false;

        for (int tick = 3; tick < 10; tick++)
        {
            action = [0.5f, 0f];
            supervisor.Supervise(tick * Period, GoodObservation, true, 0, action);
            Assert.That(action, Is.EqualTo(Neutral), $"tick {tick}");
        }
        Assert.That(supervisor.State, Is.EqualTo(SupervisorState.Latched));

        supervisor.ReArm();
        Assert.That(supervisor.State, Is.EqualTo(SupervisorState.Arming));
        var armedAt = new List<int>();
        for (int tick = 10; tick < 15; tick++)
        {
            action = [0.5f, 0f];
            supervisor.Supervise(tick * Period, GoodObservation, true, 0, action);
            if (supervisor.State == SupervisorState.Armed)
            {
                armedAt.Add(tick);
            }
        }
        // Re-arming runs the arming sequence again: 40 ms of neutral (ticks 10, 11), armed from tick 12.
        Assert.That(armedAt.First(), Is.EqualTo(12));
    }

    [Test]
    public void EmergencyStop_LatchesUntilReArm()
    {
        SafetySupervisor supervisor = Armed();
        supervisor.EmergencyStop();
        float[] action = [0.5f, 0f];

        supervisor.Supervise(2 * Period, GoodObservation, true, 0, action);

        Assert.Multiple(() =>
        {
            Assert.That(supervisor.LatchedReason, Is.EqualTo(StopReason.EmergencyStop));
            Assert.That(action, Is.EqualTo(Neutral));
        });
    }

    [Test]
    public void FirstLatchReason_Wins()
    {
        SafetySupervisor supervisor = Armed();
        supervisor.Latch(StopReason.DeviceFailure);
        supervisor.Latch(StopReason.StaleInput);

        Assert.That(supervisor.LatchedReason, Is.EqualTo(StopReason.DeviceFailure));
    }

    [Test]
    public void ReArm_WithoutALatchedStop_Throws()
    {
        SafetySupervisor supervisor = Armed();

        Assert.That(supervisor.ReArm, Throws.InvalidOperationException);
    }

    [Test]
    public void StopReasons_SeparateSafetyAbortsFromNormalEnds()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StopReason.Completed.IsSafetyAbort(), Is.False);
            Assert.That(StopReason.Signal.IsSafetyAbort(), Is.False);
            Assert.That(StopReason.NonFiniteAction.IsSafetyAbort(), Is.True);
            Assert.That(StopReason.StaleInput.IsSafetyAbort(), Is.True);
            Assert.That(StopReason.KillSwitch.IsSafetyAbort(), Is.True);
        });
    }
}
