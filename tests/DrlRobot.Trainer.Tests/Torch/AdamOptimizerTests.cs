// Our Adam step computes what TorchSharp's Adam computes, bit for bit, and reads and writes the same checkpoint state.
using DrlRobot.Trainer.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Tests.Torch;

public class AdamOptimizerTests
{
    [Test]
    public void Step_MatchesTorchSharpsAdamBitForBit_OverManyStepsAndALearningRateChange()
    {
        (Parameter[] ours, Parameter[] theirs) = (MakeParameters(), MakeParameters());
        using var mine = new AdamOptimizer(ours, 3e-3, eps: 1e-5);
        using Adam reference = optim.Adam(theirs, 3e-3, eps: 1e-5);
        var generator = new Random(7);
        for (int step = 0; step < 50; step++)
        {
            if (step == 20)
            {
                mine.LearningRate = 1e-3;
                foreach (ParamGroup group in reference.ParamGroups) group.LearningRate = 1e-3;
            }
            for (int p = 0; p < ours.Length; p++)
            {
                float[] gradient = [.. Enumerable.Range(0, (int)ours[p].numel()).Select(_ => (float)(generator.NextDouble() * 2 - 1))];
                SetGradient(ours[p], gradient);
                SetGradient(theirs[p], gradient);
            }
            mine.Step();
            reference.step();
        }
        for (int p = 0; p < ours.Length; p++)
        {
            Assert.That(ours[p].data<float>().ToArray(), Is.EqualTo(theirs[p].data<float>().ToArray()), $"parameter {p}");
            Assert.That(ours[p].data<float>().ToArray(), Is.Not.EqualTo(MakeParameters()[p].data<float>().ToArray()), "the parameters moved");
        }
    }

    [Test]
    public void SaveAndLoad_ContinueExactlyAndReadTorchSharpsFormat()
    {
        Parameter[] first = MakeParameters();
        using var optimizer = new AdamOptimizer(first, 1e-2);
        for (int step = 0; step < 3; step++)
        {
            foreach (Parameter p in first) SetGradient(p, Enumerable.Repeat(0.5f + step, (int)p.numel()).ToArray());
            optimizer.Step();
        }
        using var buffer = new MemoryStream();
        optimizer.Save(new BinaryWriter(buffer));

        // TorchSharp's own Adam reads the state our optimiser wrote, and vice versa.
        Parameter[] second = MakeParameters();
        using Adam reference = optim.Adam(second, 1e-2);
        buffer.Position = 0;
        reference.load_state_dict(new BinaryReader(buffer));
        Parameter[] third = MakeParameters();
        using var resumed = new AdamOptimizer(third, 1e-2);
        buffer.Position = 0;
        resumed.Load(new BinaryReader(buffer));
        using (torch.no_grad())
        {
            for (int p = 0; p < first.Length; p++)
            {
                second[p].copy_(first[p]);
                third[p].copy_(first[p]);
            }
        }
        foreach (Parameter[] set in new[] { first, second, third })
        {
            foreach (Parameter p in set) SetGradient(p, Enumerable.Repeat(-1.5f, (int)p.numel()).ToArray());
        }
        optimizer.Step();
        reference.step();
        resumed.Step();
        for (int p = 0; p < first.Length; p++)
        {
            Assert.That(second[p].data<float>().ToArray(), Is.EqualTo(first[p].data<float>().ToArray()));
            Assert.That(third[p].data<float>().ToArray(), Is.EqualTo(first[p].data<float>().ToArray()));
        }
    }

    private static Parameter[] MakeParameters() =>
    [
        nn.Parameter(torch.linspace(-1, 1, 37)),
        nn.Parameter(torch.arange(12, dtype: ScalarType.Float32).reshape(3, 4) / 7),
    ];

    private static void SetGradient(Parameter parameter, float[] values)
    {
        if (parameter.grad is null)
        {
            // A gradient appears after a backward pass; one through a zero-weighted sum makes it, then it is overwritten.
            (parameter * 0).sum().backward();
        }
        using var noGrad = torch.no_grad();
        parameter.grad!.copy_(torch.tensor(values).reshape(parameter.shape));
    }
}
