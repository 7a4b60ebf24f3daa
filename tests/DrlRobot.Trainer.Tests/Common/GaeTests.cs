// GAE against the textbook definition: A_t = Σ_k (γλ)^k δ_{t+k}, computed naively per step.
using DrlRobot.Trainer.Common;

namespace DrlRobot.Trainer.Tests.Common;

public class GaeTests
{
    [Test]
    public void Compute_MatchesTheNaiveSumOfDiscountedTdErrors()
    {
        const int steps = 37, envs = 3;
        const float gamma = 0.97f, lambda = 0.9f;
        var rng = new Rng(5);
        float[] rewards = Enumerable.Range(0, steps * envs).Select(_ => (float)rng.NextGaussian()).ToArray();
        float[] values = Enumerable.Range(0, steps * envs).Select(_ => (float)rng.NextGaussian()).ToArray();
        float[] done = Enumerable.Range(0, steps * envs).Select(_ => rng.NextDouble() < 0.1 ? 1f : 0f).ToArray();
        float[] last = [0.5f, -1f, 2f];
        var advantages = new float[steps * envs];
        var returns = new float[steps * envs];

        Gae.Compute(rewards, values, done, last, steps, envs, gamma, lambda, advantages, returns);

        for (int e = 0; e < envs; e++)
        {
            for (int t = 0; t < steps; t++)
            {
                double expected = 0, weight = 1;
                for (int k = t; k < steps; k++)
                {
                    int i = k * envs + e;
                    double next = k == steps - 1 ? last[e] : values[i + envs];
                    double delta = rewards[i] + gamma * next * (1 - done[i]) - values[i];
                    expected += weight * delta;
                    if (done[i] == 1f) break;
                    weight *= gamma * lambda;
                }
                int at = t * envs + e;
                Assert.That(advantages[at], Is.EqualTo(expected).Within(1e-4), $"advantage at t={t}, env={e}");
                Assert.That(returns[at], Is.EqualTo(advantages[at] + values[at]).Within(1e-5));
            }
        }
    }

    [Test]
    public void Compute_RejectsBuffersSmallerThanTheRollout()
    {
        Assert.Throws<ArgumentException>(() => Gae.Compute(new float[3], new float[4], new float[4], new float[2], 2, 2, 0.99f, 0.95f, new float[4], new float[4]));
    }
}
