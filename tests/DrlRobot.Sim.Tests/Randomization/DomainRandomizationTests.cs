// Randomisation config: bad ranges name their field in one line; draws are seeded, in range and reach the physics.
using DrlRobot.Sim.Random;
using DrlRobot.Sim.Randomization;

namespace DrlRobot.Sim.Tests.Randomization;

public class DomainRandomizationTests
{
    [Test]
    public void Defaults_AreValid()
    {
        Assert.DoesNotThrow(() => new DomainRandomization().Validate());
        Assert.DoesNotThrow(() => new EnvOptions { Randomization = new DomainRandomization() }.Validate());
    }

    [Test]
    public void LowAboveHigh_NamesTheField()
    {
        var config = new DomainRandomization { FrictionScale = new ParameterRange(1.5f, 0.5f) };
        var error = Assert.Throws<ArgumentOutOfRangeException>(config.Validate);
        Assert.Multiple(() =>
        {
            Assert.That(error!.ParamName, Is.EqualTo("FrictionScale"));
            Assert.That(error.Message, Does.StartWith("randomization.friction_scale: low 1.5 exceeds high 0.5"));
            Assert.That(error.Message, Does.Not.Contain("\n"));
        });
    }

    [Test]
    public void NegativeMass_NamesTheField()
    {
        var options = new EnvOptions { Randomization = new DomainRandomization { MassScale = new ParameterRange(-1f, 1f) } };
        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.That(error!.Message, Does.StartWith("randomization.mass_scale: low -1 must be positive"));
    }

    [Test]
    public void NegativeNoiseNaNBoundsAndBadLatency_AreRejected()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(new DomainRandomization { SensorNoise = new ParameterRange(-0.1f, 0.1f) }.Validate);
            Assert.Throws<ArgumentOutOfRangeException>(new DomainRandomization { ThrustScale = new ParameterRange(float.NaN, 1f) }.Validate);
            Assert.Throws<ArgumentOutOfRangeException>(new DomainRandomization { LatencySteps = new StepRange(2, 1) }.Validate);
            Assert.Throws<ArgumentOutOfRangeException>(new DomainRandomization { LatencySteps = new StepRange(0, 99) }.Validate);
        });
    }

    [Test]
    public void Draws_StayInsideTheirRangesAndVary()
    {
        var ranges = new DomainRandomization { MassScale = new ParameterRange(0.5f, 2f), LatencySteps = new StepRange(1, 3) };
        var parameters = new EpisodeParameters(1, ranges);
        var rng = SimRng.ForStream(1, 0);
        var masses = new HashSet<float>();
        for (int i = 0; i < 200; i++)
        {
            parameters.Draw(0, ref rng);
            Assert.That(parameters.MassScale[0], Is.InRange(0.5f, 2f));
            Assert.That(parameters.LatencySteps[0], Is.InRange(1, 3));
            masses.Add(parameters.MassScale[0]);
        }
        Assert.That(masses, Has.Count.GreaterThan(100));
    }

    [Test]
    public void WithoutRandomization_EveryEpisodeIsNominal()
    {
        var parameters = new EpisodeParameters(2, null);
        var rng = SimRng.ForStream(1, 0);
        parameters.Draw(1, ref rng);
        Assert.Multiple(() =>
        {
            Assert.That(parameters.MassScale, Is.All.EqualTo(1f));
            Assert.That(parameters.WindNewtons, Is.All.EqualTo(0f));
            Assert.That(parameters.LatencySteps, Is.All.EqualTo(0));
        });
    }

    [TestCaseSource(typeof(EnvRegistry), nameof(EnvRegistry.Ids))]
    public void Randomization_ChangesTrajectoriesButStaysReproducible(string id)
    {
        var options = new EnvOptions { Randomization = new DomainRandomization() };
        float[] nominal = Trajectory(id, null), randomizedA = Trajectory(id, options), randomizedB = Trajectory(id, options);
        Assert.Multiple(() =>
        {
            Assert.That(randomizedA, Is.Not.EqualTo(nominal));
            Assert.That(randomizedA, Is.EqualTo(randomizedB));
        });
    }

    private static float[] Trajectory(string id, EnvOptions? options)
    {
        using IVecEnv env = EnvRegistry.Create(id, 4, options);
        IController heuristic = EnvRegistry.CreateHeuristic(id);
        int nObs = env.Contract.Observations.Count, nAct = env.Contract.Actuators.Count;
        var obs = new float[4 * nObs];
        var actions = new float[4 * nAct];
        var rewards = new float[4];
        var done = new bool[4];
        var cut = new bool[4];
        var trace = new List<float>();
        env.Reset(3, obs);
        for (int t = 0; t < 40; t++)
        {
            Episodes.PerEnv(heuristic, nObs, nAct)(obs, actions);
            env.Step(actions, obs, rewards, done, cut);
            trace.AddRange(obs);
        }
        return [.. trace];
    }
}
