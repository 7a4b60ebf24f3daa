// `pendulum`: Gymnasium semantics, energy conservation of the frictionless rod, and a heuristic that balances it.
using DrlRobot.Sim.Envs.Pendulum;

namespace DrlRobot.Sim.Tests.Envs;

public class PendulumTests
{
    [Test]
    public void FrictionlessPendulum_KeepsItsEnergyWithinOnePercentOverTenSeconds()
    {
        using var env = new PendulumEnv(1, null) { AutoReset = false };
        var obs = new float[3];
        env.Reset(1, obs);
        env.SetState(0, theta: 2.0f, thetaDot: 0f, obs);
        float initial = env.Energy(0);
        var flags = new bool[1];
        for (int t = 0; t < 200; t++) // 200 steps of 50 ms
        {
            env.Step([0f], obs, new float[1], flags, flags);
            Assert.That(env.Energy(0), Is.EqualTo(initial).Within(0.01 * initial), $"step {t}");
        }
    }

    [Test]
    public void JointFriction_DrainsEnergy()
    {
        using var env = new PendulumEnv(1, null, jointFriction: 0.05f) { AutoReset = false };
        var obs = new float[3];
        env.Reset(1, obs);
        env.SetState(0, 2.0f, 0f, obs);
        float initial = env.Energy(0);
        var flags = new bool[1];
        for (int t = 0; t < 100; t++)
        {
            env.Step([0f], obs, new float[1], flags, flags);
        }
        Assert.That(env.Energy(0), Is.LessThan(0.9f * initial));
    }

    [Test]
    public void Reward_IsGymnasiumsCostOfTheStateBeforeTheStep()
    {
        using var env = new PendulumEnv(1, null);
        var obs = new float[3];
        var reward = new float[1];
        var flags = new bool[1];
        env.Reset(1, obs);
        env.SetState(0, 0.5f, -2f, obs);
        env.Step([1.5f], obs, reward, flags, flags);
        Assert.That(reward[0], Is.EqualTo(-((0.5 * 0.5) + (0.1 * 4) + (0.001 * 1.5 * 1.5))).Within(1e-6));
    }

    [Test]
    public void Torque_AcceleratesTheRodAsGymnasiumsDynamicsSay()
    {
        // Upright at rest with u = 2, the linearised dynamics theta'' = 15 theta + 3 u give
        // theta' = (6 / sqrt 15) sinh(sqrt 15 t): 0.3019 rad/s after 50 ms (0.3 from the torque, the rest from gravity).
        using var env = new PendulumEnv(1, null);
        var obs = new float[3];
        var flags = new bool[1];
        env.Reset(1, obs);
        env.SetState(0, 0f, 0f, obs);
        env.Step([2f], obs, new float[1], flags, flags);
        Assert.That(obs[2], Is.EqualTo(6 / Math.Sqrt(15) * Math.Sinh(Math.Sqrt(15) * 0.05)).Within(1e-4));
    }

    [Test]
    public void Observation_IsCosineSineAndSpeed()
    {
        using var env = new PendulumEnv(1, null);
        var obs = new float[3];
        env.Reset(1, obs);
        env.SetState(0, 1f, 0.25f, obs);
        Assert.That(obs, Is.EqualTo(new[] { MathF.Cos(1f), MathF.Sin(1f), 0.25f }).Within(1e-6));
    }

    [Test]
    public void NormalizeAngle_WrapsIntoMinusPiToPi()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PendulumEnv.NormalizeAngle(3 * MathF.PI / 2), Is.EqualTo(-MathF.PI / 2).Within(1e-5));
            Assert.That(PendulumEnv.NormalizeAngle(-3 * MathF.PI / 2), Is.EqualTo(MathF.PI / 2).Within(1e-5));
            Assert.That(PendulumEnv.NormalizeAngle(0.3f), Is.EqualTo(0.3f).Within(1e-6));
        });
    }

    [Test]
    public void Heuristic_SwingsUpAndBalancesMuchBetterThanChance()
    {
        (float[] heuristic, _, _) = Episodes.Heuristic("pendulum", 32, seed: 3);
        (float[] random, _, _) = Episodes.Run("pendulum", 32, seed: 3);
        TestContext.Out.WriteLine($"pendulum heuristic {Episodes.Mean(heuristic):F1} ± {Episodes.Std(heuristic):F1}, random {Episodes.Mean(random):F1}");
        Assert.Multiple(() =>
        {
            Assert.That(Episodes.Mean(heuristic), Is.GreaterThan(-400));
            Assert.That(Episodes.Mean(random), Is.LessThan(-800));
        });
    }
}
