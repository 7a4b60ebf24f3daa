// An MLP's forward pass on the host, from a copy of its weights. Choosing actions during a rollout runs the actor
// and critic on a few dozen observations per step: through libtorch that is about twenty small calls and a device
// read per step, here it is plain vectorised arithmetic, and the weights come over once per rollout (one read per
// network, which on a GPU is the difference between one synchronisation per rollout and one per step).
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using DrlRobot.Trainer.Export;

namespace DrlRobot.Trainer.Networks;

/// <summary>A host copy of an <see cref="Mlp"/> that computes its outputs without libtorch.</summary>
public sealed class HostMlp
{
    // Per layer: weights transposed to [In, Out] (so one input scales one contiguous row of outputs), bias, activation.
    private readonly (int In, int Out, float[] WeightT, float[] Bias, Activation Activation)[] _layers;
    private readonly int _widest; // the widest layer's outputs: the scratch rows hold that many per input row
    private float[] _a = [], _b = [];

    /// <summary>Copies <paramref name="layers"/> (the layout of <see cref="Mlp.ToDenseLayers"/>).</summary>
    public HostMlp(IReadOnlyList<DenseLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("an MLP has at least one layer", nameof(layers));
        }
        _layers = new (int, int, float[], float[], Activation)[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            DenseLayer layer = layers[l];
            if (l > 0 && layer.In != layers[l - 1].Out)
            {
                throw new ArgumentException($"layer {l} takes {layer.In} inputs, the layer before gives {layers[l - 1].Out}", nameof(layers));
            }
            _layers[l] = (layer.In, layer.Out, new float[layer.In * layer.Out], new float[layer.Out], layer.Activation);
        }
        _widest = layers.Max(l => l.Out);
        Load(layers);
    }

    /// <summary>Input width.</summary>
    public int Inputs => _layers[0].In;

    /// <summary>Output width.</summary>
    public int Outputs => _layers[^1].Out;

    /// <summary>Replaces the weights with <paramref name="layers"/>' (same shapes).</summary>
    public void Load(IReadOnlyList<DenseLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count != _layers.Length)
        {
            throw new ArgumentException($"expected {_layers.Length} layers, got {layers.Count}", nameof(layers));
        }
        for (int l = 0; l < _layers.Length; l++)
        {
            (int fanIn, int fanOut, float[] weightT, float[] bias, _) = _layers[l];
            DenseLayer layer = layers[l];
            if (layer.In != fanIn || layer.Out != fanOut || layer.Activation != _layers[l].Activation)
            {
                throw new ArgumentException($"layer {l} is {layer.In}→{layer.Out} {layer.Activation}, expected {fanIn}→{fanOut} {_layers[l].Activation}", nameof(layers));
            }
            for (int o = 0; o < fanOut; o++)
            {
                for (int i = 0; i < fanIn; i++)
                {
                    weightT[i * fanOut + o] = layer.Weight[o * fanIn + i];
                }
            }
            layer.Bias.CopyTo(bias, 0);
        }
    }

    /// <summary>Outputs for <paramref name="rows"/> inputs, row-major in and out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // optimised from the first call: a rollout's first steps count too
    public void Forward(ReadOnlySpan<float> input, int rows, Span<float> output)
    {
        if (input.Length < rows * Inputs || output.Length < rows * Outputs)
        {
            throw new ArgumentException($"{rows} rows need {rows * Inputs} inputs and {rows * Outputs} outputs");
        }
        if (_a.Length < rows * _widest)
        {
            (_a, _b) = (new float[rows * _widest], new float[rows * _widest]);
        }
        ReadOnlySpan<float> x = input[..(rows * Inputs)];
        for (int l = 0; l < _layers.Length; l++)
        {
            (int fanIn, int fanOut, float[] weightT, float[] bias, Activation activation) = _layers[l];
            Span<float> y = l == _layers.Length - 1 ? output[..(rows * fanOut)] : (l % 2 == 0 ? _a : _b).AsSpan(0, rows * fanOut);
            for (int r = 0; r < rows; r++)
            {
                Affine(x.Slice(r * fanIn, fanIn), weightT, bias, y.Slice(r * fanOut, fanOut));
            }
            if (activation == Activation.Tanh)
            {
                TensorPrimitives.Tanh(y, y);
            }
            else if (activation == Activation.Relu)
            {
                TensorPrimitives.Max(y, 0f, y);
            }
            x = y;
        }
    }

    // y = b + Σᵢ x[i]·Wᵀ[i, :], four vectors of outputs at a time held in registers across the whole input.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Affine(ReadOnlySpan<float> x, float[] weightT, float[] bias, Span<float> y)
    {
        int fanIn = x.Length, fanOut = y.Length, width = Vector<float>.Count, o = 0;
        ReadOnlySpan<float> w = weightT;
        for (; o + 4 * width <= fanOut; o += 4 * width)
        {
            var a0 = new Vector<float>(bias, o);
            var a1 = new Vector<float>(bias, o + width);
            var a2 = new Vector<float>(bias, o + 2 * width);
            var a3 = new Vector<float>(bias, o + 3 * width);
            for (int i = 0; i < fanIn; i++)
            {
                var xi = new Vector<float>(x[i]);
                ReadOnlySpan<float> row = w.Slice(i * fanOut + o, 4 * width);
                a0 = Vector.FusedMultiplyAdd(new Vector<float>(row), xi, a0);
                a1 = Vector.FusedMultiplyAdd(new Vector<float>(row[width..]), xi, a1);
                a2 = Vector.FusedMultiplyAdd(new Vector<float>(row[(2 * width)..]), xi, a2);
                a3 = Vector.FusedMultiplyAdd(new Vector<float>(row[(3 * width)..]), xi, a3);
            }
            a0.CopyTo(y[o..]);
            a1.CopyTo(y[(o + width)..]);
            a2.CopyTo(y[(o + 2 * width)..]);
            a3.CopyTo(y[(o + 3 * width)..]);
        }
        for (; o + width <= fanOut; o += width)
        {
            var a = new Vector<float>(bias, o);
            for (int i = 0; i < fanIn; i++)
            {
                a = Vector.FusedMultiplyAdd(new Vector<float>(w.Slice(i * fanOut + o, width)), new Vector<float>(x[i]), a);
            }
            a.CopyTo(y[o..]);
        }
        for (; o < fanOut; o++)
        {
            float a = bias[o];
            for (int i = 0; i < fanIn; i++)
            {
                a = MathF.FusedMultiplyAdd(w[i * fanOut + o], x[i], a);
            }
            y[o] = a;
        }
    }
}
