// `lander3`: the lander body with three independent thrusters that lag and jitter like real ESC-driven propellers.
using DrlRobot.Sim.Envs.Lander;
using DrlRobot.Sim.Random;
using static DrlRobot.Sim.Envs.Lander.LanderConstants;

namespace DrlRobot.Sim.Tests.Envs;

public class Lander3Tests
{
    private static (LanderEnv Env, float[] Obs) Hovering(int n)
    {
        var env = new LanderEnv(LanderVariant.ThreeThrusters, n, null) { AutoReset = false };
        var obs = new float[n * 8];
        env.Reset(1, obs);
        for (int i = 0; i < n; i++)
        {
            env.SetBody(i, new LanderBody { X = 10f, Y = 12f }, obs.AsSpan(i * 8, 8));
        }
        return (env, obs);
    }

    [Test]
    public void Contract_HasThreeThrustersFromZeroToOne()
    {
        var contract = EnvRegistry.GetContract("lander3");
        Assert.Multiple(() =>
        {
            Assert.That(contract.Actuators.Select(a => a.Name), Is.EqualTo(new[] { "main", "left", "right" }));
            Assert.That(contract.Actuators.Select(a => (a.Low, a.High, a.Neutral)), Has.All.EqualTo((0f, 1f, 0f)));
        });
    }

    [Test]
    public void MainThrust_RisesWithTheThrusterLag()
    {
        // A step to full thrust reaches 1 - exp(-dt / lag) of it in the first period, then (almost) all of it.
        const int n = 2000;
        (LanderEnv env, float[] obs) = Hovering(n);
        using (env)
        {
            float[] full = [.. Enumerable.Repeat(new[] { 1f, 0f, 0f }, n).SelectMany(a => a)];
            double thrust = MainEnginePower * MainEngineOffset / Mass / Dt;
            double fraction = 1 - Math.Exp(-Dt / LanderContracts.ThrusterLagSeconds);
            env.Step(full, obs, new float[n], new bool[n], new bool[n]);
            double first = Enumerable.Range(0, n).Average(i => (double)env.GetBody(i).Vy) / Dt;
            for (int k = 0; k < 9; k++)
            {
                env.Step(full, obs, new float[n], new bool[n], new bool[n]);
            }
            double tenth = Enumerable.Range(0, n).Average(i => (double)env.GetBody(i).Vy) / Dt; // mean over 10 steps
            double expectedTen = (thrust * Enumerable.Range(1, 10).Average(k => 1 - Math.Pow(1 - fraction, k))) - Gravity;
            Assert.Multiple(() =>
            {
                Assert.That(first, Is.EqualTo((fraction * thrust) - Gravity).Within(0.03 * thrust));
                Assert.That(tenth / 10, Is.EqualTo(expectedTen).Within(0.03 * thrust));
            });
        }
    }

    [Test]
    public void OpposedSideThrusters_CancelSidewaysAndPushTogetherWithMain()
    {
        const int n = 1000;
        (LanderEnv env, float[] obs) = Hovering(n);
        using (env)
        {
            float[] both = [.. Enumerable.Repeat(new[] { 0f, 1f, 1f }, n).SelectMany(a => a)];
            for (int k = 0; k < 5; k++)
            {
                env.Step(both, obs, new float[n], new bool[n], new bool[n]);
            }
            double vx = Enumerable.Range(0, n).Average(i => (double)env.GetBody(i).Vx);
            double omega = Enumerable.Range(0, n).Average(i => (double)env.GetBody(i).Omega);
            Assert.Multiple(() =>
            {
                Assert.That(vx, Is.EqualTo(0).Within(0.005));
                Assert.That(omega, Is.EqualTo(0).Within(0.01));
            });
        }
    }

    [Test]
    public void ThrustNoise_IsFivePercentAndNeverNegative()
    {
        var rng = SimRng.ForStream(3, 0);
        var samples = Enumerable.Range(0, 20000).Select(_ => (double)LanderEnv.Noisy(0.8f, ref rng)).ToArray();
        double mean = samples.Average();
        double std = Math.Sqrt(samples.Average(s => (s - mean) * (s - mean)));
        Assert.Multiple(() =>
        {
            Assert.That(mean, Is.EqualTo(0.8).Within(0.002));
            Assert.That(std, Is.EqualTo(0.8 * LanderContracts.ThrustNoise).Within(0.002));
            Assert.That(samples, Has.All.GreaterThanOrEqualTo(0));
            Assert.That(LanderEnv.Noisy(0f, ref rng), Is.Zero);
        });
    }

    [Test]
    public void Heuristic_LandsDespiteLagAndNoise()
    {
        (float[] returns, bool[] successes, _) = Episodes.Heuristic("lander3", 100, seed: 7, numEnvs: 50);
        TestContext.Out.WriteLine($"lander3 heuristic: mean {Episodes.Mean(returns):F1} ± {Episodes.Std(returns):F1}");
        Assert.Multiple(() =>
        {
            Assert.That(Episodes.Mean(returns), Is.GreaterThanOrEqualTo(200));
            Assert.That(successes.Count(s => s), Is.GreaterThanOrEqualTo(85));
        });
    }
}
