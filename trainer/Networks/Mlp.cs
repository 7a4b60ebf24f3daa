// A multilayer perceptron whose weights live in one flat parameter: Linear → activation → … → Linear.
// One tensor instead of two per layer makes the optimiser step and gradient clipping a handful of libtorch calls,
// which is what a small network's update time is made of. The exporter reads the layers back as plain arrays.
using DrlRobot.Trainer.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Networks;

/// <summary>
/// Hidden layers with one activation, then a linear output. Weights are initialised orthogonally (gain √2 for
/// hidden layers, <c>outputGain</c> for the last), biases at zero, as PPO implementations that train well do.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Parameter flat;

    /// <summary>All weights and biases in one tensor (target networks copy and average it in one call).</summary>
    internal Parameter Flat => flat;
    private readonly (int In, int Out, long Weight, long Bias)[] _layers;
    private readonly long[] _sizes;
    private readonly Activation _activation;

    /// <summary>Builds <c>inputs → hidden[0] → … → outputs</c>.</summary>
    public Mlp(string name, int inputs, IReadOnlyList<int> hidden, int outputs, Activation activation, double outputGain)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (activation == Activation.None)
        {
            throw new ArgumentException("hidden layers need an activation", nameof(activation));
        }
        _activation = activation;
        int[] widths = [inputs, .. hidden, outputs];
        _layers = new (int, int, long, long)[widths.Length - 1];
        long offset = 0;
        for (int i = 0; i < _layers.Length; i++)
        {
            int fanIn = widths[i], fanOut = widths[i + 1];
            _layers[i] = (fanIn, fanOut, offset, offset + (long)fanIn * fanOut);
            offset += (long)fanIn * fanOut + fanOut;
        }
        _sizes = _layers.SelectMany(l => new[] { (long)l.In * l.Out, l.Out }).ToArray();
        flat = nn.Parameter(torch.zeros(offset));
        using (torch.no_grad())
        {
            for (int i = 0; i < _layers.Length; i++)
            {
                (int fanIn, int fanOut, long weight, _) = _layers[i];
                double gain = i == _layers.Length - 1 ? outputGain : Math.Sqrt(2);
                using Tensor w = nn.init.orthogonal_(torch.empty(fanOut, fanIn), gain);
                flat.narrow(0, weight, (long)fanIn * fanOut).copy_(w.flatten());
            }
        }
        RegisterComponents();
    }

    /// <summary>Number of outputs.</summary>
    public int Outputs => _layers[^1].Out;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        Tensor x = input;
        Tensor[] parts = flat.split(_sizes);
        for (int i = 0; i < _layers.Length; i++)
        {
            (int fanIn, int fanOut, _, _) = _layers[i];
            Tensor y = nn.functional.linear(x, parts[2 * i].view(fanOut, fanIn), parts[2 * i + 1]);
            x = i == _layers.Length - 1 ? y : _activation == Activation.Tanh ? y.tanh() : y.relu();
        }
        return x;
    }

    /// <summary>The layers as plain arrays for the ONNX exporter.</summary>
    public IReadOnlyList<DenseLayer> ToDenseLayers()
    {
        float[] values;
        // PPO reads the weights once per rollout: the detached copy must not outlive the read.
        using (torch.NewDisposeScope())
        {
            values = flat.detach().cpu().data<float>().ToArray();
        }
        var layers = new List<DenseLayer>();
        for (int i = 0; i < _layers.Length; i++)
        {
            (int fanIn, int fanOut, long weight, long bias) = _layers[i];
            layers.Add(new DenseLayer(fanIn, fanOut,
                values.AsSpan((int)weight, fanIn * fanOut).ToArray(),
                values.AsSpan((int)bias, fanOut).ToArray(),
                i == _layers.Length - 1 ? Activation.None : _activation));
        }
        return layers;
    }
}
