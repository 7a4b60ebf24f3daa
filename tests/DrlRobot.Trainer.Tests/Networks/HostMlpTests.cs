// The host forward pass that chooses actions during PPO rollouts agrees with the TorchSharp network it copies.
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Tests.Networks;

public class HostMlpTests
{
    [TestCase(8, new[] { 64, 64 }, 2, Activation.Tanh, 16)]
    [TestCase(10, new[] { 100, 37 }, 5, Activation.Relu, 7)] // widths that are no multiple of a vector
    [TestCase(3, new[] { 256, 256 }, 1, Activation.Tanh, 1)]
    public void Forward_AgreesWithTheTorchNetworkWithin1e5(int inputs, int[] hidden, int outputs, Activation activation, int rows)
    {
        torch.manual_seed(11);
        using var mlp = new Mlp("net", inputs, hidden, outputs, activation, outputGain: 1.0);
        var host = new HostMlp(mlp.ToDenseLayers());
        var generator = new Random(3);
        float[] x = [.. Enumerable.Range(0, rows * inputs).Select(_ => (float)(generator.NextDouble() * 4 - 2))];
        var y = new float[rows * outputs];
        host.Forward(x, rows, y);
        float[] expected;
        using (torch.no_grad())
        {
            expected = mlp.forward(torch.tensor(x, [rows, inputs])).data<float>().ToArray();
        }
        Assert.That(expected.Select(Math.Abs).Max(), Is.GreaterThan(0.01), "the outputs are not all near zero");
        for (int i = 0; i < y.Length; i++)
        {
            Assert.That(y[i], Is.EqualTo(expected[i]).Within(1e-5), $"output {i}");
        }
    }

    [Test]
    public void Load_TakesNewWeightsAndRefusesOtherShapes()
    {
        torch.manual_seed(1);
        using var first = new Mlp("a", 4, [8], 2, Activation.Tanh, 1.0);
        using var second = new Mlp("b", 4, [8], 2, Activation.Tanh, 1.0);
        using var other = new Mlp("c", 4, [9], 2, Activation.Tanh, 1.0);
        var host = new HostMlp(first.ToDenseLayers());
        float[] x = [0.5f, -1, 2, 0.25f];
        float[] before = new float[2], after = new float[2], expected;
        host.Forward(x, 1, before);
        host.Load(second.ToDenseLayers());
        host.Forward(x, 1, after);
        using (torch.no_grad())
        {
            expected = second.forward(torch.tensor(x, [1, 4])).data<float>().ToArray();
        }
        Assert.That(after, Is.Not.EqualTo(before));
        Assert.That(after[0], Is.EqualTo(expected[0]).Within(1e-5));
        Assert.That(() => host.Load(other.ToDenseLayers()), Throws.ArgumentException);
    }
}
