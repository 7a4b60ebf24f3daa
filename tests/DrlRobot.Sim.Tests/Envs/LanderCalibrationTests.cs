// The calibration facts of the issue: returns on our lander have the reference's scale, so a policy "solves" it at
// the same threshold (mean return ≥ 200 over 100 episodes).
namespace DrlRobot.Sim.Tests.Envs;

public class LanderCalibrationTests
{
    [Test]
    public void RandomActions_AverageBetweenMinus350AndMinus100()
    {
        (float[] returns, bool[] successes, _) = Episodes.Run("lander", 100, seed: 2024, numEnvs: 50);
        TestContext.Out.WriteLine($"lander random: mean {Episodes.Mean(returns):F1} ± {Episodes.Std(returns):F1}");
        Assert.Multiple(() =>
        {
            Assert.That(Episodes.Mean(returns), Is.InRange(-350, -100));
            Assert.That(successes.Count(s => s), Is.LessThanOrEqualTo(2));
        });
    }

    [Test]
    public void Heuristic_ScoresAMeanOfAtLeast200Over100Episodes()
    {
        (float[] returns, bool[] successes, _) = Episodes.Heuristic("lander", 100, seed: 2024, numEnvs: 50);
        TestContext.Out.WriteLine($"lander heuristic: mean {Episodes.Mean(returns):F1} ± {Episodes.Std(returns):F1}, " +
                                  $"{successes.Count(s => s)} landed on the pad");
        Assert.Multiple(() =>
        {
            Assert.That(Episodes.Mean(returns), Is.GreaterThanOrEqualTo(200));
            Assert.That(successes.Count(s => s), Is.GreaterThanOrEqualTo(90));
        });
    }

    [Test]
    public void DiscreteHeuristic_LandsMostEpisodes()
    {
        (float[] returns, bool[] successes, _) = Episodes.Heuristic("lander-discrete", 100, seed: 2024, numEnvs: 50);
        TestContext.Out.WriteLine($"lander-discrete heuristic: mean {Episodes.Mean(returns):F1} ± {Episodes.Std(returns):F1}");
        Assert.Multiple(() =>
        {
            Assert.That(Episodes.Mean(returns), Is.GreaterThanOrEqualTo(150));
            Assert.That(successes.Count(s => s), Is.GreaterThanOrEqualTo(60));
        });
    }

    [Test]
    public void DiscreteContract_HasTheFourClassicActionsOverTheLanderActuators()
    {
        var contract = EnvRegistry.GetContract("lander-discrete");
        Assert.Multiple(() =>
        {
            Assert.That(contract.ActionKind, Is.EqualTo(DrlRobot.Sim.Contracts.ActionKind.Discrete));
            Assert.That(contract.DiscreteActions.Select(r => r.ToArray()),
                        Is.EqualTo(new[] { new[] { 0f, 0f }, new[] { 0f, -1f }, new[] { 1f, 0f }, new[] { 0f, 1f } }));
            // The lander's observations and actuators; only how actions are chosen differs.
            Assert.That(DrlRobot.Sim.Contracts.RobotContract.FirstMismatch(EnvRegistry.GetContract("lander"),
                        contract with { ActionKind = DrlRobot.Sim.Contracts.ActionKind.Continuous, DiscreteActions = [] }), Is.Null);
            Assert.That(DrlRobot.Sim.Contracts.RobotContract.FirstMismatch(EnvRegistry.GetContract("lander"), contract), Does.StartWith("action_kind"));
        });
    }
}
