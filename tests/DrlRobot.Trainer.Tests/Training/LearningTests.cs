// Learning, not just running: SAC with the shipped pendulum defaults swings the pendulum up and balances it.
// A random policy scores about −1200; this test fails if the algorithm or the defaults stop learning.
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Tests.Training;

[NonParallelizable]
public class LearningTests
{
    private sealed class Silent : ITrainingProgress
    {
        public void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes) { }

        public void Note(string message) { }
    }

    [Test]
    public void Sac_WithShippedDefaults_LearnsThePendulumIn10000Steps()
    {
        string dir = Path.Combine(Path.GetTempPath(), "drl-learn-" + Guid.NewGuid().ToString("N"));
        try
        {
            TrainConfig config = ConfigLoader.Resolve(null, new ConfigOverrides { Env = "pendulum", Algo = Algorithm.Sac, Steps = 10_000, Seed = 1 })
                with { EvalEpisodes = 20 };
            TrainingResult result = new TrainingSession(config, dir, new Silent()).Run(resume: false);
            Assert.That(result.Evaluation!.MeanReturn, Is.GreaterThan(-400), "mean return over 20 unseen episodes");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void ShippedDefaults_AllResolveAndValidate()
    {
        foreach ((string env, Algorithm algo) in new[]
                 {
                     ("lander", Algorithm.Ppo), ("lander", Algorithm.Sac), ("lander", Algorithm.Td3), ("lander3", Algorithm.Ppo),
                     ("lander-discrete", Algorithm.Dqn), ("lander-discrete", Algorithm.Ppo), ("pendulum", Algorithm.Sac), ("rover", Algorithm.Ppo),
                 })
        {
            TrainConfig config = ConfigLoader.Resolve(null, new ConfigOverrides { Env = env, Algo = algo });
            Assert.That(config.Env, Is.EqualTo(env));
        }
        Assert.That(ConfigLoader.Resolve(null, new ConfigOverrides { Env = "lander", Algo = Algorithm.Sac }).Steps, Is.EqualTo(300_000));
        TrainConfig td3 = ConfigLoader.Resolve(null, new ConfigOverrides { Env = "lander", Algo = Algorithm.Td3 });
        Assert.Multiple(() =>
        {
            Assert.That(td3.TrainMaxEpisodeSteps, Is.EqualTo(500));
            Assert.That(td3.Td3.ExplorationNoiseColor, Is.EqualTo(DrlRobot.Trainer.Common.NoiseColor.Pink));
            Assert.That(td3.Td3.ExplorationNoise, Is.EqualTo(0.3f));
        });
    }
}
