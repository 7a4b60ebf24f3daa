// Global-norm gradient clipping that never waits for the device. torch.nn.utils.clip_grad_norm_ in libtorch's C++ API
// returns the norm as a host double, which on a GPU is a synchronisation per update; TorchSharp's clip_grad_norm_ is
// that call. The same arithmetic as tensor operations leaves the norm on the device: each gradient's L2 norm, their
// L2 norm, the coefficient max / (norm + 1e-6) clamped at 1, and every gradient scaled by it. On the CPU, where a
// host read costs nothing, the single native call is cheaper than the several calls here, so it stays there; a test
// holds the two to the same result.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Torch;

/// <summary>Scales gradients so that their global L2 norm is at most a limit.</summary>
internal sealed class GradientClipping : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly double _maxNorm;
    private readonly Scalar _maxNormScalar, _epsilon = 1e-6.ToScalar(), _one = 1.0.ToScalar();
    private readonly bool _syncFree;

    /// <param name="parameters">Whose gradients are clipped together.</param>
    /// <param name="maxNorm">The limit on their global L2 norm.</param>
    /// <param name="device">Where they live: anything but the CPU takes the path without a host read.</param>
    /// <param name="forceSyncFree">Take that path on the CPU too (tests compare the two).</param>
    public GradientClipping(IEnumerable<Parameter> parameters, double maxNorm, Device device, bool forceSyncFree = false)
    {
        _parameters = [.. parameters];
        _maxNorm = maxNorm;
        _maxNormScalar = maxNorm.ToScalar();
        _syncFree = forceSyncFree || device.type != DeviceType.CPU;
    }

    /// <summary>Clips the current gradients in place.</summary>
    public void Apply()
    {
        if (!_syncFree)
        {
            nn.utils.clip_grad_norm_(_parameters, _maxNorm);
            return;
        }
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Tensor[] gradients = [.. _parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!)];
        if (gradients.Length == 0)
        {
            return;
        }
        Tensor[] norms = [.. gradients.Select(g => g.norm())];
        Tensor total = norms.Length == 1 ? norms[0] : torch.stack(norms).norm();
        // ATen's Scalar / Tensor is the reciprocal times the scalar.
        Tensor coefficient = (total + _epsilon).reciprocal().mul_(_maxNormScalar).clamp_max_(_one);
        foreach (Tensor gradient in gradients)
        {
            gradient.mul_(coefficient);
        }
    }

    public void Dispose()
    {
        _maxNormScalar.Dispose();
        _epsilon.Dispose();
        _one.Dispose();
    }
}
