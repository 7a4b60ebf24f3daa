// Adam whose step passes libtorch only Scalars that outlive the call. TorchSharp 0.107's Adam.step turns each double
// (β₁, 1−β₁, β₂, 1−β₂, ε, the bias correction, the step size) into a temporary Scalar per parameter per step; a
// garbage collection during the native call can finalize one while libtorch reads it (see CachedScalars), and that
// is how training runs died inside the optimiser. Here the constants are Scalars held for the optimiser's lifetime
// and the two per-step values are created, used and disposed explicitly. The arithmetic is TorchSharp's own, op for
// op (Kingma & Ba 2015, Algorithm 1, with ε added after the bias-corrected root), so weights come out bit-identical;
// the moments live in a TorchSharp Adam, so checkpoints keep its state format.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Torch;

/// <summary>Adam over a fixed set of parameters, without weight decay or AMSGrad.</summary>
internal sealed class AdamOptimizer : IDisposable
{
    private readonly Adam _adam;
    private readonly Parameter[] _parameters;
    private readonly Adam.State[] _states;
    private readonly double _beta1, _beta2;
    private readonly Scalar _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _eps;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate, double eps = 1e-8, double beta1 = 0.9, double beta2 = 0.999)
    {
        _parameters = [.. parameters];
        _adam = optim.Adam(_parameters, learningRate, beta1, beta2, eps);
        // One state per parameter, in parameter order; TorchSharp creates them with the optimiser and loads checkpoints into them.
        _states = [.. _adam.state_dict().State.Cast<Adam.State>()];
        (_beta1, _beta2) = (beta1, beta2);
        (_beta1Scalar, _oneMinusBeta1) = (beta1.ToScalar(), (1 - beta1).ToScalar());
        (_beta2Scalar, _oneMinusBeta2) = (beta2.ToScalar(), (1 - beta2).ToScalar());
        _eps = eps.ToScalar();
    }

    /// <summary>The learning rate of the next steps.</summary>
    public double LearningRate
    {
        get => _adam.ParamGroups.First().LearningRate;
        set
        {
            foreach (ParamGroup group in _adam.ParamGroups)
            {
                group.LearningRate = value;
            }
        }
    }

    /// <summary>The parameters stepped and their first and second moments, in parameter order.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> Tensors()
    {
        for (int p = 0; p < _parameters.Length; p++)
        {
            yield return ($"parameter {p}", _parameters[p]);
            yield return ($"exp_avg {p}", _states[p].exp_avg);
            yield return ($"exp_avg_sq {p}", _states[p].exp_avg_sq);
        }
    }

    /// <summary>Clears the parameters' gradients.</summary>
    public void ZeroGrad() => _adam.zero_grad();

    /// <summary>One Adam step from the parameters' current gradients.</summary>
    public void Step()
    {
        double learningRate = LearningRate;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        for (int p = 0; p < _parameters.Length; p++)
        {
            Tensor? grad = _parameters[p].grad;
            if (grad is null)
            {
                continue;
            }
            Adam.State state = _states[p];
            state.step += 1;
            double biasCorrection1 = 1 - Math.Pow(_beta1, state.step);
            double biasCorrection2 = 1 - Math.Pow(_beta2, state.step);
            state.exp_avg.mul_(_beta1Scalar).add_(grad, _oneMinusBeta1);
            state.exp_avg_sq.mul_(_beta2Scalar).addcmul_(grad, grad, _oneMinusBeta2);
            using Scalar rootCorrection = Math.Sqrt(biasCorrection2).ToScalar();
            using Scalar stepSize = (-(learningRate / biasCorrection1)).ToScalar();
            Tensor denominator = (state.exp_avg_sq.sqrt() / rootCorrection).add_(_eps);
            _parameters[p].addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }

    /// <summary>Writes the moments and step counts (TorchSharp's Adam format).</summary>
    public void Save(BinaryWriter writer) => _adam.save_state_dict(writer);

    /// <summary>Reads what <see cref="Save"/> wrote into the existing state.</summary>
    public void Load(BinaryReader reader) => _adam.load_state_dict(reader);

    public void Dispose()
    {
        foreach (Scalar scalar in new[] { _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _eps })
        {
            scalar.Dispose();
        }
        _adam.Dispose();
    }
}
