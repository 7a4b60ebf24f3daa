// Each randomised parameter reaches the physics it names: mass, thrust, latency, sensor noise and wind.
using DrlRobot.Sim.Envs.Lander;
using DrlRobot.Sim.Randomization;
using static DrlRobot.Sim.Envs.Lander.LanderConstants;

namespace DrlRobot.Sim.Tests.Randomization;

public class RandomizedPhysicsTests
{
    /// <summary>Ranges that change nothing, so each test varies one parameter at a time.</summary>
    private static readonly DomainRandomization Nominal = new()
    {
        MassScale = new(1f, 1f),
        InertiaScale = new(1f, 1f),
        ThrustScale = new(1f, 1f),
        FrictionScale = new(1f, 1f),
        LatencySteps = new(0, 0),
        SensorNoise = new(0f, 0f),
        WindNewtons = new(0f, 0f),
    };

    /// <summary>Mean vertical speed after each of <paramref name="steps"/> full-main-thrust steps from a hover.</summary>
    private static double[] ThrustResponse(DomainRandomization ranges, int steps, int n = 1000)
    {
        using var env = new LanderEnv(LanderVariant.Continuous, n, new EnvOptions { Randomization = ranges }) { AutoReset = false };
        var obs = new float[n * 8];
        env.Reset(1, obs);
        for (int i = 0; i < n; i++)
        {
            env.SetBody(i, new LanderBody { X = 10f, Y = 12f }, obs.AsSpan(i * 8, 8));
        }
        float[] full = [.. Enumerable.Repeat(new[] { 1f, 0f }, n).SelectMany(a => a)];
        var result = new double[steps];
        for (int k = 0; k < steps; k++)
        {
            env.Step(full, obs, new float[n], new bool[n], new bool[n]);
            result[k] = Enumerable.Range(0, n).Average(i => (double)env.GetBody(i).Vy);
        }
        return result;
    }

    [Test]
    public void DoubleMass_HalvesTheThrustAcceleration()
    {
        double thrust = MainEnginePower * MainEngineOffset / Mass; // Δv per step at nominal mass
        double[] heavy = ThrustResponse(Nominal with { MassScale = new(2f, 2f) }, 1);
        Assert.That(heavy[0], Is.EqualTo((thrust / 2) - (Gravity * Dt)).Within(0.02 * thrust));
    }

    [Test]
    public void HigherThrustCoefficient_ScalesTheThrust()
    {
        double thrust = MainEnginePower * MainEngineOffset / Mass;
        double[] strong = ThrustResponse(Nominal with { ThrustScale = new(1.5f, 1.5f) }, 1);
        Assert.That(strong[0], Is.EqualTo((1.5 * thrust) - (Gravity * Dt)).Within(0.02 * thrust));
    }

    [Test]
    public void Latency_DelaysTheEngineByWholeSteps()
    {
        double[] delayed = ThrustResponse(Nominal with { LatencySteps = new(2, 2) }, 3, n: 50);
        Assert.Multiple(() =>
        {
            Assert.That(delayed[0], Is.EqualTo(-Gravity * Dt).Within(1e-5), "nothing yet");
            Assert.That(delayed[1], Is.EqualTo(-2 * Gravity * Dt).Within(1e-5), "still nothing");
            Assert.That(delayed[2], Is.GreaterThan(delayed[1]), "the engine fires on the third step");
        });
    }

    [Test]
    public void SensorNoise_PerturbsContinuousObservationsButNotContactFlags()
    {
        const int n = 500;
        var noisy = new EnvOptions { Randomization = Nominal with { SensorNoise = new(0.1f, 0.1f) } };
        using var env = new LanderEnv(LanderVariant.Continuous, n, noisy);
        var obs = new float[n * 8];
        env.Reset(4, obs);
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            LanderBody body = env.GetBody(i);
            float error = obs[(i * 8) + 2] - (body.Vx * (WorldWidth / 2) / Fps);
            squares += error * error;
            Assert.That(obs[(i * 8) + 6], Is.EqualTo(body.ContactLeft ? 1f : 0f));
        }
        Assert.That(Math.Sqrt(squares / n), Is.EqualTo(0.1).Within(0.015));
    }

    [Test]
    public void Wind_PushesALanderInFlight()
    {
        const int n = 50;
        var windy = new EnvOptions { Randomization = Nominal with { WindNewtons = new(20f, 20f) } };
        using var env = new LanderEnv(LanderVariant.Continuous, n, windy) { AutoReset = false };
        var obs = new float[n * 8];
        env.Reset(2, obs);
        for (int i = 0; i < n; i++)
        {
            env.SetBody(i, new LanderBody { X = 10f, Y = 12f }, obs.AsSpan(i * 8, 8));
        }
        for (int k = 0; k < 10; k++)
        {
            env.Step(new float[n * 2], obs, new float[n], new bool[n], new bool[n]);
        }
        Assert.That(Enumerable.Range(0, n).Max(i => MathF.Abs(env.GetBody(i).Vx)), Is.GreaterThan(0.1f));
    }
}
