// The trainer's arithmetic is reproducible whatever the memory alignment of its tensors: the property a resumed run
// needs to match an uninterrupted one, and the one MKL lacks on AMD CPUs unless its CNR mode is set.
using DrlRobot.Trainer.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Tests.Torch;

public class NumericReproducibilityTests
{
    [Test]
    public void AfterLoad_MklReportsAReproducibleMode_AndWhoSetIt()
    {
        TorchRuntime.EnsureLoaded();
        CnrMode mode = NumericReproducibility.Current();
        if (mode.Active is null)
        {
            Assert.That(OperatingSystem.IsLinux() && RuntimeInformationIsX64(), Is.False, "x64 Linux libtorch has MKL to ask");
            return;
        }
        Assert.Multiple(() =>
        {
            Assert.That(mode.Reproducible, Is.True, $"MKL reports {mode.Active}");
            Assert.That(mode.Requested, Is.Not.Null.And.Not.Empty, "MKL_CBWR is in the native environment");
            if (mode.Source == CnrSource.Trainer)
            {
                Assert.That(mode.Requested, Is.EqualTo(NumericReproducibility.DefaultMode));
                Assert.That(mode.Active, Is.EqualTo("AUTO,STRICT"), "MKL took the trainer's mode");
            }
        });
    }

    [TestCase(0, ExpectedResult = "OFF")]
    [TestCase(1, ExpectedResult = "OFF")]
    [TestCase(2, ExpectedResult = "AUTO")]
    [TestCase(3, ExpectedResult = "COMPATIBLE")]
    [TestCase(0x10002, ExpectedResult = "AUTO,STRICT")]
    [TestCase(0x1000A, ExpectedResult = "AVX2,STRICT")]
    [TestCase(12, ExpectedResult = "AVX512")]
    public string Describe_NamesMklModesAsItsDocumentationDoes(int mode) => NumericReproducibility.Describe(mode);

    // Shapes of our networks' layers (batch × in → out): one env's step, a rollout's step, a minibatch, a value head;
    // and awkward ones that leave remainders in every kernel.
    [TestCase(1, 8, 64)]
    [TestCase(16, 8, 64)]
    [TestCase(64, 64, 64)]
    [TestCase(256, 256, 256)]
    [TestCase(2048, 64, 1)]
    [TestCase(7, 9, 9)]
    [TestCase(129, 61, 37)]
    public void SameLayerUpdate_AtEveryAlignment_GivesIdenticalBits(int batch, int inputs, int outputs)
    {
        TorchRuntime.EnsureLoaded();
        float[] reference = LayerUpdate(batch, inputs, outputs, offset: 0);
        Assert.That(reference, Has.All.Matches<float>(float.IsFinite));
        // Offsets of 1..15 floats put the operands 4..60 bytes past a 64-byte boundary: every alignment a view of a
        // flat parameter or a slice of a batch can have.
        for (int offset = 1; offset < 16; offset++)
        {
            float[] shifted = LayerUpdate(batch, inputs, outputs, offset);
            int first = FirstDifference(reference, shifted);
            Assert.That(first, Is.EqualTo(-1),
                        $"offset {offset} floats: element {first} is {(first >= 0 ? shifted[first] : 0):R}, at offset 0 {(first >= 0 ? reference[first] : 0):R}");
        }
    }

    private static bool RuntimeInformationIsX64() =>
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;

    // One linear layer's forward, backward and an Adam-like step, with weights, inputs and output gradients held in
    // views that start `offset` floats into their buffers. Returns everything it computed, for a bitwise comparison.
    private static float[] LayerUpdate(int batch, int inputs, int outputs, int offset)
    {
        using var scope = torch.NewDisposeScope();
        var random = new Random(1234);
        Tensor w = View(offset, [outputs, inputs], random);
        Tensor bias = View(offset, [outputs], random);
        Tensor x = View(offset, [batch, inputs], random);
        Tensor gy = View(offset, [batch, outputs], random);
        Tensor y = torch.nn.functional.linear(x, w, bias).tanh();
        Tensor gradPre = gy * (1 - (y * y));
        Tensor gradW = torch.mm(gradPre.t(), x);
        Tensor gradX = torch.mm(gradPre, w);
        Tensor gradBias = gradPre.sum(0L);
        Tensor m = gradW * 0.1f, v = (gradW * gradW) * 0.001f;
        Tensor step = w - (m / (v.sqrt() + 1e-8f) * 3e-4f);
        return [.. y.data<float>(), .. gradW.data<float>(), .. gradX.data<float>(), .. gradBias.data<float>(), .. step.data<float>()];
    }

    private static Tensor View(int offset, long[] shape, Random random)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        float[] values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }
        Tensor buffer = torch.zeros(offset + count);
        Tensor view = buffer.narrow(0, offset, count).view(shape);
        view.copy_(torch.tensor(values).view(shape));
        return view;
    }

    private static int FirstDifference(float[] a, float[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
