// The clipping a GPU run takes (no host read) scales gradients exactly as libtorch's clip_grad_norm_ does on the CPU.
using DrlRobot.Trainer.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Tests.Torch;

public class GradientClippingTests
{
    [TestCase(0.5, 3)]   // gradients far above the limit: scaled down
    [TestCase(0.7, 2)]   // a limit that is no power of two: a division and a reciprocal times it round differently
    [TestCase(1e6, 3)]   // far below: left as they are (coefficient clamped at 1)
    [TestCase(0.5, 1)]   // one parameter: its own norm is the total
    public void SyncFreePath_MatchesLibtorchsClipGradNorm(double maxNorm, int count)
    {
        (Parameter[] native, Parameter[] syncFree) = (WithGradients(count), WithGradients(count));
        using (var clip = new GradientClipping(native, maxNorm, torch.CPU))
        {
            clip.Apply();
        }
        using (var clip = new GradientClipping(syncFree, maxNorm, torch.CPU, forceSyncFree: true))
        {
            clip.Apply();
        }
        double total = Math.Sqrt(native.Sum(p => p.grad!.pow(2).sum().item<float>()));
        Assert.That(total, Is.LessThanOrEqualTo(maxNorm * (1 + 1e-5)));
        for (int i = 0; i < count; i++)
        {
            float[] a = native[i].grad!.data<float>().ToArray(), b = syncFree[i].grad!.data<float>().ToArray();
            for (int j = 0; j < a.Length; j++)
            {
                Assert.That(b[j], Is.EqualTo(a[j]), $"parameter {i}, element {j}: the same bits");
            }
        }
    }

    private static Parameter[] WithGradients(int count)
    {
        var parameters = new Parameter[count];
        for (int i = 0; i < count; i++)
        {
            parameters[i] = nn.Parameter(torch.zeros(17 + 5 * i));
            // d/dp of Σ (k+1)·p_k·(i+1) is (k+1)·(i+1): gradients whose norm is far above 0.5.
            (parameters[i] * torch.arange(1, 18 + 5 * i, dtype: ScalarType.Float32) * (i + 1)).sum().backward();
        }
        return parameters;
    }
}
