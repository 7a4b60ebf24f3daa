// The action-rate penalty wrapper: it charges exactly weight × Σ (Δu / range)² between steps of one episode, nothing
// on an episode's first step, leaves the physics as it is, and refuses a weight that means nothing.
using DrlRobot.Sim.Vec;

namespace DrlRobot.Sim.Tests.Envs;

public class ActionRatePenaltyTests
{
    [Test]
    public void Rewards_LoseTheWeightedSquaredChangeOfCommand_AndNothingElseChanges()
    {
        const int envs = 4, steps = 300;
        using IVecEnv plain = EnvRegistry.Create("lander", envs);
        using var charged = new ActionRatePenalty(EnvRegistry.Create("lander", envs), weight: 2.0);
        int nObs = plain.Contract.Observations.Count, nAct = plain.Contract.Actuators.Count;
        float[] obsA = new float[envs * nObs], obsB = new float[envs * nObs], rA = new float[envs], rB = new float[envs];
        bool[] termA = new bool[envs], termB = new bool[envs], truncA = new bool[envs], truncB = new bool[envs];
        float[] actions = new float[envs * nAct], previous = new float[envs * nAct];
        bool[] started = new bool[envs];
        plain.Reset(7, obsA);
        charged.Reset(7, obsB);
        var rng = new System.Random(3);
        double expectedTotal = 0;
        for (int k = 0; k < steps; k++)
        {
            for (int i = 0; i < actions.Length; i++) actions[i] = (float)(rng.NextDouble() * 2 - 1);
            plain.Step(actions, obsA, rA, termA, truncA);
            charged.Step(actions, obsB, rB, termB, truncB);
            Assert.That(obsB, Is.EqualTo(obsA), "the same physics");
            for (int e = 0; e < envs; e++)
            {
                double expected = 0;
                if (started[e])
                {
                    for (int a = 0; a < nAct; a++)
                    {
                        var spec = plain.Contract.Actuators[a];
                        double share = (actions[e * nAct + a] - previous[e * nAct + a]) / (spec.High - spec.Low);
                        expected += 2.0 * share * share;
                    }
                }
                expectedTotal += expected;
                Assert.That(rB[e], Is.EqualTo(rA[e] - expected).Within(1e-4));
                started[e] = !(termA[e] || truncA[e]);
            }
            actions.CopyTo(previous, 0);
        }
        Assert.That(charged.TotalPenalty, Is.EqualTo(expectedTotal).Within(1e-6 * Math.Max(1, expectedTotal)));
        Assert.That(charged.TotalPenalty, Is.GreaterThan(0));
    }

    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void AWeightThatMeansNothing_IsRefused(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActionRatePenalty(EnvRegistry.Create("pendulum", 1), weight));
}
