// libtorch loads from the build output and computes: a forward pass and its backward pass against the known gradient.
using DrlRobot.Cli;
using DrlRobot.Trainer.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Tests.Torch;

public class TorchLoadTests
{
    [Test]
    public void LinearLayerBackward_GivesTheAnalyticGradient()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        // loss = sum((W x + b)^2): dloss/dW = 2 (W x + b) xᵀ, dloss/db = 2 (W x + b).
        Tensor w = torch.tensor(new float[] { 1f, -2f, 0.5f, 3f }, [2, 2], requires_grad: true);
        Tensor b = torch.tensor(new float[] { 0.25f, -1f }, requires_grad: true);
        Tensor x = torch.tensor(new float[] { 2f, -1f });
        Tensor y = torch.matmul(w, x) + b;
        y.pow(2).sum().backward();

        float[] yv = y.detach().data<float>().ToArray();
        float[] expectedW = [2 * yv[0] * 2, 2 * yv[0] * -1, 2 * yv[1] * 2, 2 * yv[1] * -1];
        Assert.Multiple(() =>
        {
            Assert.That(yv, Is.EqualTo(new[] { 4.25f, -3f }).Within(1e-6f));
            Assert.That(w.grad!.data<float>().ToArray(), Is.EqualTo(expectedW).Within(1e-5f));
            Assert.That(b.grad!.data<float>().ToArray(), Is.EqualTo(new[] { 2 * yv[0], 2 * yv[1] }).Within(1e-5f));
        });
    }

    [Test]
    public void CompatFix_IsInUseExactlyWhereTheSystemLibstdcxxNeedsIt()
    {
        TorchRuntime.EnsureLoaded();
        using (torch.ones(1)) { }
        (CompatFixState state, string? libstdcxx) = LibstdcxxCompat.Inspect();
        if (!OperatingSystem.IsLinux())
        {
            Assert.That(state, Is.EqualTo(CompatFixState.Unknown));
            return;
        }
        bool systemHasVersion = LibstdcxxCompat.DefinesVersion(libstdcxx!, LibstdcxxCompat.RequiredVersion);
        Assert.That(state, Is.EqualTo(systemHasVersion ? CompatFixState.NotNeeded : CompatFixState.Applied));
    }

    [Test]
    public void Doctor_ReportsLibtorchLoadedAndNoFailedCheck()
    {
        TorchReport report = TorchDoctor.Run();
        Assert.Multiple(() =>
        {
            Assert.That(report.LibtorchLoaded, Is.True);
            Assert.That(report.Ok, Is.True, string.Join("; ", report.Checks.Select(c => $"{c.Name}: {c.Detail}")));
            Assert.That(report.Threads, Is.GreaterThanOrEqualTo(1));
            Assert.That(report.Numerics, Is.Not.Null);
            DoctorCheck numerics = report.Checks.Single(c => c.Name == "reproducibility");
            if (report.Numerics!.Active is not null)
            {
                Assert.That(numerics.Status, Is.EqualTo(CheckStatus.Ok), numerics.Detail);
                Assert.That(numerics.Detail, Does.Contain($"MKL CNR mode {report.Numerics.Active}"));
            }
        });
    }
}
