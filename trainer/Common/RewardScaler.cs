// Reward scaling by the running standard deviation of the discounted return, which keeps value targets near unit
// scale whatever the environment's reward magnitudes.
namespace DrlRobot.Trainer.Common;

/// <summary>Divides rewards by std(discounted return) and clips them.</summary>
public sealed class RewardScaler
{
    private readonly double[] _discounted;
    private readonly float[] _scratch;
    private readonly RunningMeanStd _stats = new(1);
    private readonly float _gamma;
    private readonly float _clip;

    /// <summary>One running return per env.</summary>
    public RewardScaler(int envs, float gamma, float clip)
    {
        _discounted = new double[envs];
        _scratch = new float[envs];
        _gamma = gamma;
        _clip = clip;
    }

    /// <summary>Current divisor, sqrt(var(return) + ε).</summary>
    public double Scale => Math.Sqrt(_stats.Variance[0] + 1e-8);

    /// <summary>Updates the statistics with this step and writes the scaled rewards.</summary>
    public void Apply(ReadOnlySpan<float> rewards, ReadOnlySpan<bool> ended, Span<float> scaled)
    {
        for (int e = 0; e < _discounted.Length; e++)
        {
            _discounted[e] = _discounted[e] * _gamma + rewards[e];
            _scratch[e] = (float)_discounted[e];
        }
        _stats.Update(_scratch, _discounted.Length);
        double scale = Scale;
        for (int e = 0; e < _discounted.Length; e++)
        {
            scaled[e] = (float)Math.Clamp(rewards[e] / scale, -_clip, _clip);
            if (ended[e])
            {
                _discounted[e] = 0;
            }
        }
    }

    /// <summary>Forgets the running returns of the partial episodes (the envs were reset).</summary>
    public void ResetPartial() => Array.Clear(_discounted);

    /// <summary>Writes the statistics for a checkpoint.</summary>
    public void Save(BinaryWriter writer) => _stats.Save(writer);

    /// <summary>Restores the statistics; running returns restart at zero with the reset envs.</summary>
    public void Load(BinaryReader reader)
    {
        _stats.Load(reader);
        ResetPartial();
    }
}
