// Dry runs against the simulator: the requested episodes, the same returns for the same seed, different ones with
// domain randomisation, a safety stop reported with its reason, and an unknown environment refused.
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Tests.Fakes;
using DrlRobot.Runtime.Tests.Policy;
using DrlRobot.Sim;

namespace DrlRobot.Runtime.Tests.Control;

public class DryRunTests
{
    private static readonly SafetyConfig Relaxed = new() { ArmingSeconds = 0, ObservationMargin = float.PositiveInfinity };

    [Test]
    public void DryRun_RunsTheRequestedEpisodesDeterministically()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLander);
        var config = new DryRunConfig { Episodes = 3, Seed = 7, Safety = Relaxed };

        DryRunResult first = DryRun.Run(policy, config);
        DryRunResult second = DryRun.Run(policy, config);

        Assert.Multiple(() =>
        {
            Assert.That(first.Episodes, Has.Count.EqualTo(3));
            Assert.That(first.Loop.StopReason, Is.EqualTo(StopReason.Completed));
            Assert.That(first.Episodes.Select(e => e.Return), Is.EqualTo(second.Episodes.Select(e => e.Return)));
            Assert.That(first.Loop.Ticks, Is.EqualTo(first.Episodes.Sum(e => e.Length)), "one tick per simulated step");
            Assert.That(first.EnvId, Is.EqualTo("lander"));
        });
    }

    [Test]
    public void DryRun_MatchesTheSimulatorSteppedDirectlyWithTheSamePolicy()
    {
        // The loop adds one neutral arming tick at the very start and nothing else: replay that by hand.
        using var policy = new OnnxPolicy(TestModels.TinyLander);
        DryRunResult viaLoop = DryRun.Run(policy, new DryRunConfig { Episodes = 2, Seed = 3, Safety = Relaxed });

        using IRobotSim sim = EnvRegistry.CreateSingle("lander");
        var observation = new float[8];
        var action = new float[2];
        var returns = new List<double>();
        bool firstTick = true;
        for (int episode = 0; episode < 2; episode++)
        {
            sim.Reset(3 + (ulong)episode, observation);
            double total = 0;
            while (true)
            {
                policy.Act(observation, action);
                if (firstTick)
                {
                    action.AsSpan().Clear();
                    firstTick = false;
                }
                StepResult step = sim.Step(action, observation);
                total += step.Reward;
                if (step.Terminated || step.Truncated)
                {
                    break;
                }
            }
            returns.Add(total);
        }

        Assert.That(viaLoop.Episodes.Select(e => e.Return), Is.EqualTo(returns).Within(1e-9));
    }

    [Test]
    public void Randomize_ChangesTheEpisodes()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLander);

        DryRunResult nominal = DryRun.Run(policy, new DryRunConfig { Episodes = 2, Seed = 1, Safety = Relaxed });
        DryRunResult randomized = DryRun.Run(policy, new DryRunConfig { Episodes = 2, Seed = 1, Safety = Relaxed, Randomize = true });

        Assert.That(randomized.Episodes.Select(e => e.Return), Is.Not.EqualTo(nominal.Episodes.Select(e => e.Return)));
    }

    [Test]
    public void ObservationFarOutsideItsRange_EndsTheDryRunWithASafetyStop()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLander);

        DryRunResult result = DryRun.Run(policy, new DryRunConfig { Episodes = 5, Safety = new SafetyConfig { ArmingSeconds = 0, ObservationMargin = 0 } });

        Assert.Multiple(() =>
        {
            Assert.That(result.Loop.StopReason, Is.EqualTo(StopReason.ObservationOutOfRange));
            Assert.That(result.Loop.StopDetail, Is.Not.Null);
            Assert.That(result.Episodes, Has.Count.LessThan(5));
        });
    }

    [Test]
    public void ModelForAnEnvironmentWithNoSimulator_IsRefusedNamingEnvId()
    {
        using var policy = new FakePolicy(TestContracts.Small(), _ => 0f);

        Assert.That(() => DryRun.Run(policy, new DryRunConfig()), Throws.ArgumentException.With.Message.Contains("env_id").And.Message.Contains("'test'"));
    }

    [TestCase(2)]
    [TestCase(0)]
    public void ModelForAnotherVersionOfTheSimulator_IsRefusedNamingBothVersions(int version)
    {
        var lander = DrlRobot.Sim.EnvRegistry.GetContract("lander");
        using var policy = new FakePolicy(lander with { EnvVersion = version }, _ => 0f);
        Assert.That(() => DryRun.Run(policy, new DryRunConfig { Episodes = 1 }),
                    Throws.ArgumentException.With.Message.Contains($"env_version (lander): model has {version}, simulator lander has {lander.EnvVersion}"));
    }

    [Test]
    public void DiscreteModelWithAContinuousSimulatorsContract_IsRefusedNamingTheActionKind()
    {
        var lander = DrlRobot.Sim.EnvRegistry.GetContract("lander");
        using var policy = new FakePolicy(lander with { ActionKind = DrlRobot.Sim.Contracts.ActionKind.Discrete, DiscreteActions = [[0f, 0f], [1f, 0f]] }, _ => 0f);
        Assert.That(() => DryRun.Run(policy, new DryRunConfig { Episodes = 1 }), Throws.ArgumentException.With.Message.Contains("action_kind: model has 'discrete'"));
    }

    [Test]
    public void Duration_EndsTheRunBeforeTheEpisodesAreDone()
    {
        using var policy = new OnnxPolicy(TestModels.TinyLander);

        DryRunResult result = DryRun.Run(policy, new DryRunConfig { Episodes = 1000, Safety = Relaxed, DurationSeconds = 2, RateHz = 100 });

        Assert.Multiple(() =>
        {
            Assert.That(result.Loop.StopReason, Is.EqualTo(StopReason.Completed));
            Assert.That(result.Loop.Ticks, Is.EqualTo(200));
            Assert.That(result.Episodes, Has.Count.LessThan(1000));
        });
    }
}
