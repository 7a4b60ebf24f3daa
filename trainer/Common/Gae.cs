// Generalised advantage estimation over a rollout laid out [step, env].
namespace DrlRobot.Trainer.Common;

/// <summary>GAE(γ, λ) advantages and the returns the value function regresses to.</summary>
public static class Gae
{
    /// <summary>
    /// Fills <paramref name="advantages"/> and <paramref name="returns"/> ([steps × envs]). <paramref name="done"/>
    /// is 1 where the episode ended right after that step (terminated or truncated; a truncated step's reward must
    /// already include the discounted value of its final observation), so nothing is bootstrapped across it.
    /// <paramref name="lastValues"/> are the values of the observations that follow the last step.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> rewards, ReadOnlySpan<float> values, ReadOnlySpan<float> done,
                               ReadOnlySpan<float> lastValues, int steps, int envs, float gamma, float lambda,
                               Span<float> advantages, Span<float> returns)
    {
        int n = steps * envs;
        if (rewards.Length < n || values.Length < n || done.Length < n || advantages.Length < n || returns.Length < n
            || lastValues.Length < envs)
        {
            throw new ArgumentException("GAE buffers are smaller than steps × envs");
        }
        for (int e = 0; e < envs; e++)
        {
            float next = 0f;
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = t * envs + e;
                float nextValue = t == steps - 1 ? lastValues[e] : values[i + envs];
                float live = 1f - done[i];
                float delta = rewards[i] + gamma * nextValue * live - values[i];
                next = delta + gamma * lambda * live * next;
                advantages[i] = next;
                returns[i] = next + values[i];
            }
        }
    }
}
