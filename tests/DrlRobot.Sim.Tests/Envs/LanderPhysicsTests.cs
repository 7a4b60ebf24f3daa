// The lander's physics against the constants it is built from: free fall, engine accelerations, resting on the pad,
// crashes, leaving the screen, and the reference's observation scaling and reward.
using DrlRobot.Sim.Envs.Lander;
using static DrlRobot.Sim.Envs.Lander.LanderConstants;

namespace DrlRobot.Sim.Tests.Envs;

public class LanderPhysicsTests
{
    private static LanderEnv Create(int numEnvs = 1, LanderVariant variant = LanderVariant.Continuous)
    {
        var env = new LanderEnv(variant, numEnvs, null) { AutoReset = false };
        env.Reset(1, new float[numEnvs * 8]);
        return env;
    }

    private static void Step(LanderEnv env, float[] actions, float[] obs, float[] rewards, bool[] terminated) =>
        env.Step(actions, obs, rewards, terminated, new bool[env.NumEnvs]);

    [Test]
    public void FreeFall_MatchesHalfGTSquared()
    {
        using LanderEnv env = Create();
        var obs = new float[8];
        env.SetBody(0, new LanderBody { X = 10f, Y = 13f }, obs);
        for (int k = 1; k <= 25; k++)
        {
            Step(env, [0f, 0f], obs, new float[1], new bool[1]);
            float t = k * Dt;
            LanderBody body = env.GetBody(0);
            Assert.That(body.Y, Is.EqualTo(13f - (0.5f * Gravity * t * t)).Within(1e-4), $"after {t} s");
            Assert.That(body.Vy, Is.EqualTo(-Gravity * t).Within(1e-4));
            Assert.That(body.X, Is.EqualTo(10f).Within(1e-6));
        }
    }

    [Test]
    public void FullMainThrust_GivesTheAccelerationItsConstantsImply()
    {
        // 13 × 4 px of impulse per step on 4.96 kg: about 17.5 m/s² of thrust. Dispersion averages out over envs.
        const int n = 2000;
        using LanderEnv env = Create(n);
        var obs = new float[n * 8];
        for (int i = 0; i < n; i++)
        {
            env.SetBody(i, new LanderBody { X = 10f, Y = 12f }, obs.AsSpan(i * 8, 8));
        }
        float[] full = [.. Enumerable.Repeat(new[] { 1f, 0f }, n).SelectMany(a => a)];
        Step(env, full, obs, new float[n], new bool[n]);
        double meanAy = Enumerable.Range(0, n).Average(i => (double)env.GetBody(i).Vy) / Dt;
        double meanAx = Enumerable.Range(0, n).Average(i => (double)env.GetBody(i).Vx) / Dt;
        double thrust = MainEnginePower * MainEngineOffset / Mass / Dt;
        Assert.Multiple(() =>
        {
            Assert.That(thrust, Is.EqualTo(17.5).Within(0.1));
            Assert.That(meanAy, Is.EqualTo(thrust - Gravity).Within(0.02 * thrust));
            Assert.That(meanAx, Is.EqualTo(0).Within(0.02 * thrust));
        });
    }

    [Test]
    public void SideBooster_PushesSidewaysAndTurnsTheHull()
    {
        using LanderEnv env = Create(2);
        var obs = new float[16];
        env.SetBody(0, new LanderBody { X = 10f, Y = 12f }, obs.AsSpan(0, 8));
        env.SetBody(1, new LanderBody { X = 10f, Y = 12f }, obs.AsSpan(8, 8));
        Step(env, [0f, 1f, 0f, -1f], obs, new float[2], new bool[2]);
        LanderBody right = env.GetBody(0), left = env.GetBody(1);
        double push = SideEnginePower * SideEngineAway / Mass; // 0.048 m/s per step: about 2.4 m/s²
        Assert.Multiple(() =>
        {
            Assert.That(right.Vx, Is.EqualTo(push).Within(0.3 * push));
            Assert.That(left.Vx, Is.EqualTo(-push).Within(0.3 * push));
            Assert.That(right.Omega, Is.Negative, "the right booster turns the hull clockwise");
            Assert.That(left.Omega, Is.Positive);
        });
    }

    [Test]
    public void DeadZones_KeepEnginesOffForSmallCommands()
    {
        using LanderEnv env = Create();
        var obs = new float[8];
        env.SetBody(0, new LanderBody { X = 10f, Y = 12f }, obs);
        var rewards = new float[1];
        Step(env, [-0.5f, 0.45f], obs, rewards, new bool[1]);
        LanderBody body = env.GetBody(0);
        Assert.Multiple(() =>
        {
            Assert.That(body.Vy, Is.EqualTo(-Gravity * Dt).Within(1e-5));
            Assert.That(body.Vx, Is.Zero);
            Assert.That(body.Omega, Is.Zero);
        });
    }

    [Test]
    public void LanderRestingOnThePad_StaysAtRestAndEndsTheEpisodeLanded()
    {
        using LanderEnv env = Create();
        var obs = new float[8];
        float pad = env.Terrain(0)[5];
        env.SetBody(0, new LanderBody { X = 10f, Y = pad + FootDown }, obs);
        var rewards = new float[1];
        var terminated = new bool[1];
        int steps = 0;
        while (!terminated[0] && steps < 100)
        {
            Step(env, [0f, 0f], obs, rewards, terminated);
            steps++;
            LanderBody body = env.GetBody(0);
            Assert.That(body.Y, Is.EqualTo(pad + FootDown).Within(0.02), $"step {steps}");
            Assert.That(body.X, Is.EqualTo(10f).Within(0.005));
            Assert.That(body.Angle, Is.EqualTo(0f).Within(0.01));
            Assert.That(obs[6] + obs[7], Is.EqualTo(2f), "both legs on the pad");
        }
        Assert.Multiple(() =>
        {
            Assert.That(terminated[0], Is.True);
            Assert.That(steps, Is.LessThanOrEqualTo(SleepSteps + 10));
            Assert.That(rewards[0], Is.EqualTo(100f));
            Assert.That(env.Success[0], Is.True);
        });
    }

    [Test]
    public void HullHittingTheGround_IsACrash()
    {
        using LanderEnv env = Create();
        var obs = new float[8];
        float pad = env.Terrain(0)[5];
        env.SetBody(0, new LanderBody { X = 10f, Y = pad + 1.2f, Vy = -8f }, obs);
        var rewards = new float[1];
        var terminated = new bool[1];
        for (int i = 0; i < 20 && !terminated[0]; i++)
        {
            Step(env, [0f, 0f], obs, rewards, terminated);
        }
        Assert.Multiple(() =>
        {
            Assert.That(terminated[0], Is.True);
            Assert.That(rewards[0], Is.EqualTo(-100f));
            Assert.That(env.Success[0], Is.False);
        });
    }

    [Test]
    public void UpsideDownLanding_IsACrash()
    {
        using LanderEnv env = Create();
        var obs = new float[8];
        float pad = env.Terrain(0)[5];
        env.SetBody(0, new LanderBody { X = 10f, Y = pad + 0.8f, Angle = MathF.PI }, obs);
        var terminated = new bool[1];
        var rewards = new float[1];
        for (int i = 0; i < 50 && !terminated[0]; i++)
        {
            Step(env, [0f, 0f], obs, rewards, terminated);
        }
        Assert.That(rewards[0], Is.EqualTo(-100f));
    }

    [Test]
    public void LeavingTheScreen_EndsTheEpisodeWithMinus100()
    {
        using LanderEnv env = Create();
        var obs = new float[8];
        env.SetBody(0, new LanderBody { X = 19.95f, Y = 12f, Vx = 5f }, obs);
        var rewards = new float[1];
        var terminated = new bool[1];
        Step(env, [0f, 0f], obs, rewards, terminated);
        Assert.Multiple(() =>
        {
            Assert.That(obs[0], Is.GreaterThanOrEqualTo(1f));
            Assert.That(terminated[0], Is.True);
            Assert.That(rewards[0], Is.EqualTo(-100f));
        });
    }

    [Test]
    public void Observation_IsScaledAsTheReferenceScalesIt()
    {
        using LanderEnv env = Create();
        var obs = new float[8];
        env.SetBody(0, new LanderBody { X = 15f, Y = 10f, Vx = 2f, Vy = -3f, Angle = 0.2f, Omega = 0.5f }, obs);
        Assert.That(obs, Is.EqualTo(new[]
        {
            0.5f, (10f - (PadHeight + 0.6f)) / (WorldHeight / 2), 0.4f, -3f * (WorldHeight / 2) / 50f, 0.2f, 0.2f, 0f, 0f,
        }).Within(1e-5));
    }

    [Test]
    public void Reward_IsTheChangeOfShapingMinusFuel()
    {
        using LanderEnv env = Create();
        var obs = new float[8];
        env.SetBody(0, new LanderBody { X = 12f, Y = 9f, Vx = 1f }, obs);
        float before = LanderEnv.Shaping(obs);
        var rewards = new float[1];
        Step(env, [1f, -1f], obs, rewards, new bool[1]);
        Assert.That(rewards[0], Is.EqualTo(LanderEnv.Shaping(obs) - before - 0.3f - 0.03f).Within(1e-4));
    }

    [Test]
    public void Reset_StartsAtTheTopCentreWithARandomPush()
    {
        using IVecEnv env = EnvRegistry.Create("lander", 64);
        var obs = new float[64 * 8];
        env.Reset(9, obs);
        var vx = new List<float>();
        for (int i = 0; i < 64; i++)
        {
            Assert.That(obs[i * 8], Is.EqualTo(0f).Within(0.01));
            Assert.That(obs[(i * 8) + 1], Is.EqualTo(1.4f).Within(0.05));
            Assert.That(MathF.Abs(obs[(i * 8) + 2]), Is.LessThanOrEqualTo(0.2f * InitialRandomForce * Dt / Mass));
            vx.Add(obs[(i * 8) + 2]);
        }
        Assert.That(vx.Max() - vx.Min(), Is.GreaterThan(0.8f), "pushes spread over ±4 m/s");
    }

    [Test]
    public void Terrain_HasAFlatPadBetweenTheFlags()
    {
        using LanderEnv env = Create(4);
        for (int i = 0; i < 4; i++)
        {
            float[] terrain = env.Terrain(i).ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(terrain[4], Is.EqualTo(0.99f * PadHeight).Within(1e-4));
                Assert.That(terrain[5], Is.EqualTo(terrain[4]));
                Assert.That(terrain[6], Is.EqualTo(terrain[4]));
                Assert.That(terrain, Has.All.InRange(0f, WorldHeight / 2));
            });
        }
    }
}
