// The policy's arithmetic written out by hand in plain C#, independent of the exporter's graph: what ONNX Runtime
// must reproduce from the exported file.
using DrlRobot.Trainer.Export;

namespace DrlRobot.Trainer.Tests.Export;

internal static class ReferencePolicy
{
    /// <summary>The network's output before the head: logits for Argmax, the pre-squash mean otherwise.</summary>
    public static float[] NetworkOutput(PolicyGraph graph, ReadOnlySpan<float> obs)
    {
        var x = new float[obs.Length];
        for (int i = 0; i < x.Length; i++)
        {
            float z = (obs[i] - graph.ObsMean[i]) / graph.ObsStd[i];
            x[i] = Math.Clamp(z, -graph.ObsClip, graph.ObsClip);
        }
        foreach (DenseLayer layer in graph.Layers)
        {
            var y = new float[layer.Out];
            for (int o = 0; o < layer.Out; o++)
            {
                float sum = layer.Bias[o];
                for (int i = 0; i < layer.In; i++)
                {
                    sum += layer.Weight[o * layer.In + i] * x[i];
                }
                y[o] = layer.Activation switch
                {
                    Activation.Tanh => MathF.Tanh(sum),
                    Activation.Relu => MathF.Max(0f, sum),
                    _ => sum,
                };
            }
            x = y;
        }
        return x;
    }

    /// <summary>The action in actuator units; <paramref name="noise"/> is used by the stochastic variant only.</summary>
    public static float[] Act(PolicyGraph graph, ReadOnlySpan<float> obs, ReadOnlySpan<float> noise = default)
    {
        float[] net = NetworkOutput(graph, obs);
        if (graph.Head == ActionHead.Argmax)
        {
            return (float[])graph.DiscreteTable![ArgMax(net)].Clone();
        }
        var action = new float[graph.NumActions];
        for (int j = 0; j < action.Length; j++)
        {
            float pre = net[j];
            if (!noise.IsEmpty)
            {
                pre += MathF.Exp(graph.LogStd![j]) * noise[j];
            }
            float unit = graph.Head == ActionHead.Tanh ? MathF.Tanh(pre) : Math.Clamp(pre, -1f, 1f);
            float low = graph.ActionLow[j], high = graph.ActionHigh[j];
            action[j] = Math.Clamp(low + (unit + 1f) * 0.5f * (high - low), low, high);
        }
        return action;
    }

    /// <summary>The first index of the largest value, as ONNX ArgMax picks it.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>The gap between the largest and the second largest value: small gaps may tie in float rounding.</summary>
    public static float ArgMaxMargin(ReadOnlySpan<float> values)
    {
        int best = ArgMax(values);
        float second = float.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            if (i != best && values[i] > second)
            {
                second = values[i];
            }
        }
        return values[best] - second;
    }
}
