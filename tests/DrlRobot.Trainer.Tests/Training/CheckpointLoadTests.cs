// Checkpoints load into the tensors the networks already have, on whatever device they live: the optimiser built on
// them keeps stepping the very tensors the network computes with. The meta device (shapes, no storage) stands in for
// CUDA here: like CUDA it is not the CPU, which is what sends TorchSharp's Module.load through its CPU round trip.
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Tests.Training;

public class CheckpointLoadTests
{
    private static Mlp Network(int seed)
    {
        torch.manual_seed(seed);
        return new Mlp("net", 8, [16, 16], 2, Activation.Tanh, 0.01);
    }

    private static byte[] Saved(Mlp net)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            net.save(writer);
        }
        return stream.ToArray();
    }

    private static IntPtr[] Handles(IEnumerable<Tensor> tensors) => [.. tensors.Select(t => t.Handle)];

    [Test]
    public void LoadInPlace_RestoresTheValues_IntoTheSameParameters_TheOptimiserSteps()
    {
        using Mlp source = Network(1), target = Network(2);
        using var optimizer = torch.optim.Adam(target.parameters(), 1e-3);
        IntPtr[] before = Handles(target.parameters());
        IntPtr[] stepped = Handles(optimizer.parameters());
        using (var reader = new BinaryReader(new MemoryStream(Saved(source))))
        {
            ModuleState.LoadInPlace(target, reader);
        }
        Assert.Multiple(() =>
        {
            Assert.That(target.Flat.data<float>().ToArray(), Is.EqualTo(source.Flat.data<float>().ToArray()));
            Assert.That(Handles(target.parameters()), Is.EqualTo(before), "the module kept its parameters");
            Assert.That(Handles(optimizer.parameters()), Is.EqualTo(stepped).And.EqualTo(before), "the optimiser steps what the module computes with");
        });
    }

    [Test]
    public void LoadInPlace_OnADeviceThatIsNotTheCpu_KeepsTheParametersThere()
    {
        using Mlp source = Network(1), target = Network(2);
        target.to(torch.META);
        IntPtr[] before = Handles(target.parameters());
        using (var reader = new BinaryReader(new MemoryStream(Saved(source))))
        {
            ModuleState.LoadInPlace(target, reader);
        }
        Assert.Multiple(() =>
        {
            Assert.That(Handles(target.parameters()), Is.EqualTo(before), "no CPU round trip replaced them");
            Assert.That(target.parameters().Select(p => p.device_type), Is.All.EqualTo(DeviceType.META));
        });
    }

    [Test]
    public void ModuleLoad_OnADeviceThatIsNotTheCpu_IsWhatWeAvoid()
    {
        // Why LoadInPlace exists: TorchSharp's own load takes such a module to the CPU and back, which fails on meta
        // tensors and, on CUDA, leaves the optimiser holding replaced parameters.
        using Mlp source = Network(1), target = Network(2);
        target.to(torch.META);
        IntPtr[] before = Handles(target.parameters());
        bool replacedOrFailed;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(Saved(source)));
            target.load(reader);
            replacedOrFailed = !Handles(target.parameters()).SequenceEqual(before);
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or ArgumentException or InvalidOperationException)
        {
            replacedOrFailed = true;
        }
        Assert.That(replacedOrFailed, Is.True);
    }

    [Test]
    public void LoadInPlace_OfAnotherNetwork_IsInvalidData()
    {
        using Mlp source = new("net", 8, [32], 2, Activation.Tanh, 0.01), target = Network(2);
        using var reader = new BinaryReader(new MemoryStream(Saved(source)));
        Assert.That(() => ModuleState.LoadInPlace(target, reader), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("does not fit"));
    }

    [Test]
    public void Noise_ForATensorOffTheCpu_IsDrawnFromTheCheckpointedCpuGenerator()
    {
        // SAC and TD3 noise: libtorch's CPU generator is what a checkpoint saves; a device generator is not.
        using Tensor like = torch.zeros([4, 2], device: torch.META);
        torch.manual_seed(5);
        byte[] before = torch.get_rng_state().data<byte>().ToArray();
        using Tensor noise = DrlRobot.Trainer.Training.OffPolicyAgent.NormalNoise(like);
        byte[] after = torch.get_rng_state().data<byte>().ToArray();
        torch.manual_seed(5);
        using Tensor cpu = DrlRobot.Trainer.Training.OffPolicyAgent.NormalNoise(torch.zeros(4, 2));
        torch.manual_seed(5);
        using Tensor reference = torch.randn_like(torch.zeros(4, 2));
        Assert.Multiple(() =>
        {
            Assert.That(noise.device_type, Is.EqualTo(DeviceType.META));
            Assert.That(noise.shape, Is.EqualTo(new long[] { 4, 2 }));
            Assert.That(after, Is.Not.EqualTo(before), "the draw advanced the CPU generator");
            Assert.That(cpu.data<float>().ToArray(), Is.EqualTo(reference.data<float>().ToArray()), "on the CPU, the stream randn_like draws");
        });
    }
}
