// The vectorized machinery, on every env: determinism across thread counts, equality with the single-robot view,
// automatic reset keeping the final observation, and NaN actions kept out of the state.
namespace DrlRobot.Sim.Tests.Vec;

public class VecEnvTests
{
    private const int Envs = 6;

    /// <summary>Random actions from a fixed stream, with some out of range, and full trajectories recorded.</summary>
    private static (List<float> Trace, List<float> Final) Roll(string id, int threads, int steps, ulong seed = 17)
    {
        using IVecEnv env = EnvRegistry.Create(id, Envs, new EnvOptions { Threads = threads });
        int nObs = env.Contract.Observations.Count, nAct = env.Contract.Actuators.Count;
        var obs = new float[Envs * nObs];
        var actions = new float[Envs * nAct];
        var rewards = new float[Envs];
        var terminated = new bool[Envs];
        var truncated = new bool[Envs];
        var rng = DrlRobot.Sim.Random.SimRng.ForStream(99, 0);
        var trace = new List<float>();
        var final = new List<float>();
        env.Reset(seed, obs);
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < actions.Length; i++)
            {
                actions[i] = rng.Uniform(-1.2f, 1.2f) * env.Contract.Actuators[i % nAct].High;
            }
            env.Step(actions, obs, rewards, terminated, truncated);
            trace.AddRange(obs);
            trace.AddRange(rewards);
            for (int i = 0; i < Envs; i++)
            {
                trace.Add(terminated[i] ? 1 : 0);
                trace.Add(truncated[i] ? 1 : 0);
                if (terminated[i] || truncated[i])
                {
                    final.AddRange(env.FinalObservations.Slice(i * nObs, nObs).ToArray());
                }
            }
        }
        return (trace, final);
    }

    [TestCaseSource(typeof(EnvRegistry), nameof(EnvRegistry.Ids))]
    public void SameSeed_GivesBitIdenticalResultsWithOneOrTwoThreads(string id)
    {
        (List<float> one, List<float> oneFinal) = Roll(id, threads: 1, steps: 420);
        (List<float> again, _) = Roll(id, threads: 1, steps: 420);
        (List<float> two, List<float> twoFinal) = Roll(id, threads: 2, steps: 420);
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(one));
            Assert.That(two, Is.EqualTo(one));
            Assert.That(twoFinal, Is.EqualTo(oneFinal));
            Assert.That(oneFinal, Is.Not.Empty, "some episode should have ended in 420 random steps");
        });
    }

    [TestCaseSource(typeof(EnvRegistry), nameof(EnvRegistry.Ids))]
    public void DifferentSeeds_GiveDifferentEpisodes(string id)
    {
        Assert.That(Roll(id, 1, 20, seed: 1).Trace, Is.Not.EqualTo(Roll(id, 1, 20, seed: 2).Trace));
    }

    [TestCaseSource(typeof(EnvRegistry), nameof(EnvRegistry.Ids))]
    public void VectorizedStep_EqualsTheSingleRobotReference(string id)
    {
        using IVecEnv env = EnvRegistry.Create(id, Envs, new EnvOptions { Threads = 2 });
        int nObs = env.Contract.Observations.Count, nAct = env.Contract.Actuators.Count;
        IRobotSim[] singles = [.. Enumerable.Range(0, Envs).Select(i => EnvRegistry.CreateSingle(id, null, i))];
        try
        {
            var obs = new float[Envs * nObs];
            var actions = new float[Envs * nAct];
            var rewards = new float[Envs];
            var terminated = new bool[Envs];
            var truncated = new bool[Envs];
            var singleObs = new float[nObs];
            var rng = DrlRobot.Sim.Random.SimRng.ForStream(5, 0);
            env.Reset(23, obs);
            for (int i = 0; i < Envs; i++)
            {
                singles[i].Reset(23, singleObs);
                Assert.That(singleObs, Is.EqualTo(obs.AsSpan(i * nObs, nObs).ToArray()));
            }
            bool[] alive = [.. Enumerable.Repeat(true, Envs)];
            for (int t = 0; t < 120; t++)
            {
                for (int i = 0; i < actions.Length; i++)
                {
                    actions[i] = rng.Uniform(-1f, 1f) * env.Contract.Actuators[i % nAct].High;
                }
                env.Step(actions, obs, rewards, terminated, truncated);
                for (int i = 0; i < Envs; i++)
                {
                    if (!alive[i])
                    {
                        continue; // the single view does not reset itself onto the batch's stream: compare first episodes
                    }
                    StepResult r = singles[i].Step(actions.AsSpan(i * nAct, nAct), singleObs);
                    Assert.That(r.Reward, Is.EqualTo(rewards[i]), $"env {i} step {t}");
                    Assert.That(r.Terminated, Is.EqualTo(terminated[i]));
                    Assert.That(r.Truncated, Is.EqualTo(truncated[i]));
                    float[] expected = terminated[i] || truncated[i]
                        ? env.FinalObservations.Slice(i * nObs, nObs).ToArray()
                        : obs.AsSpan(i * nObs, nObs).ToArray();
                    Assert.That(singleObs, Is.EqualTo(expected), $"env {i} step {t}");
                    alive[i] = !(r.Terminated || r.Truncated);
                }
            }
        }
        finally
        {
            foreach (IRobotSim single in singles)
            {
                single.Dispose();
            }
        }
    }

    [Test]
    public void AutoReset_KeepsTheFinalObservationAndStartsAFreshEpisode()
    {
        // The pendulum always truncates at step 200: the final observation must be the one its dynamics produced.
        using IVecEnv env = EnvRegistry.Create("pendulum", 2);
        using IRobotSim single = EnvRegistry.CreateSingle("pendulum");
        var obs = new float[6];
        var one = new float[3];
        var zero = new float[2];
        var rewards = new float[2];
        var terminated = new bool[2];
        var truncated = new bool[2];
        env.Reset(8, obs);
        single.Reset(8, one);
        StepResult last = default;
        for (int t = 0; t < 200; t++)
        {
            env.Step(zero, obs, rewards, terminated, truncated);
            last = single.Step(zero.AsSpan(0, 1), one);
        }
        Assert.Multiple(() =>
        {
            Assert.That(truncated, Is.All.True);
            Assert.That(last.Truncated, Is.True);
            Assert.That(env.FinalObservations.Slice(0, 3).ToArray(), Is.EqualTo(one));
            Assert.That(obs.AsSpan(0, 3).ToArray(), Is.Not.EqualTo(one), "the env restarted");
            Assert.That(MathF.Abs(obs[2]), Is.LessThanOrEqualTo(1f), "a fresh pendulum starts with |speed| <= 1");
        });
        env.Step(zero, obs, rewards, terminated, truncated);
        Assert.That(truncated, Is.All.False, "the step counter restarted with the episode");
    }

    [Test]
    public void MaxEpisodeSteps_TruncatesEarlierThanTheEnvsOwnLimit()
    {
        // The pendulum never terminates; its own limit is 200 steps. With 37 it truncates at 37, 74, ...
        using IVecEnv env = EnvRegistry.Create("pendulum", 2, new EnvOptions { MaxEpisodeSteps = 37 });
        var obs = new float[6];
        var zero = new float[2];
        var rewards = new float[2];
        var terminated = new bool[2];
        var truncated = new bool[2];
        env.Reset(3, obs);
        var truncatedAt = new List<int>();
        for (int t = 1; t <= 100; t++)
        {
            env.Step(zero, obs, rewards, terminated, truncated);
            Assert.That(terminated, Is.All.False);
            if (truncated[0]) truncatedAt.Add(t);
            Assert.That(truncated[1], Is.EqualTo(truncated[0]));
        }
        Assert.Multiple(() =>
        {
            Assert.That(truncatedAt, Is.EqualTo(new[] { 37, 74 }));
            Assert.Throws<ArgumentOutOfRangeException>(new EnvOptions { MaxEpisodeSteps = 0 }.Validate);
        });
    }

    [TestCaseSource(typeof(EnvRegistry), nameof(EnvRegistry.Ids))]
    public void NonFiniteActions_ActAsNeutralAndAreCounted(string id)
    {
        using IVecEnv a = EnvRegistry.Create(id, 2), b = EnvRegistry.Create(id, 2);
        int nObs = a.Contract.Observations.Count, nAct = a.Contract.Actuators.Count;
        var obsA = new float[2 * nObs];
        var obsB = new float[2 * nObs];
        var rewards = new float[2];
        var flags = new bool[2];
        var neutral = a.Contract.Actuators.Select(s => s.Neutral).ToArray();
        float[] bad = [.. Enumerable.Repeat(float.NaN, nAct), .. Enumerable.Repeat(float.PositiveInfinity, nAct)];
        float[] good = [.. neutral, .. neutral];
        a.Reset(4, obsA);
        b.Reset(4, obsB);
        for (int t = 0; t < 5; t++)
        {
            a.Step(bad, obsA, rewards, flags, flags);
            b.Step(good, obsB, rewards, flags, flags);
        }
        Assert.Multiple(() =>
        {
            Assert.That(obsA, Is.EqualTo(obsB));
            Assert.That(obsA, Has.All.Matches<float>(float.IsFinite));
            Assert.That(((INonFiniteActionCounter)a).NonFiniteActionCount, Is.EqualTo(10));
            Assert.That(((INonFiniteActionCounter)b).NonFiniteActionCount, Is.Zero);
        });
    }

    [Test]
    public void WrongSpanLengthsAndStepBeforeReset_AreRejected()
    {
        using IVecEnv env = EnvRegistry.Create("pendulum", 2);
        var obs = new float[6];
        Assert.Throws<InvalidOperationException>(() => env.Step(new float[2], obs, new float[2], new bool[2], new bool[2]));
        env.Reset(1, obs);
        var error = Assert.Throws<ArgumentException>(() => env.Step(new float[3], obs, new float[2], new bool[2], new bool[2]));
        Assert.That(error!.Message, Does.StartWith("actions has 3 elements, expected 2"));
    }

    [Test]
    public void SingleView_RefusesToStepPastTheEndOfAnEpisode()
    {
        using IRobotSim sim = EnvRegistry.CreateSingle("pendulum");
        var obs = new float[3];
        sim.Reset(1, obs);
        for (int t = 0; t < 200; t++)
        {
            sim.Step([0f], obs);
        }
        Assert.Throws<InvalidOperationException>(() => sim.Step([0f], obs));
    }
}
