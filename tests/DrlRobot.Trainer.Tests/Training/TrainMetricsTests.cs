// An off-policy iteration's metrics: sums kept on the device across gradient steps (each its own dispose scope) and
// read back together, with host values beside them, averaged and in the order first added.
using DrlRobot.Trainer.Training;
using TorchSharp;

namespace DrlRobot.Trainer.Tests.Training;

public class TrainMetricsTests
{
    [Test]
    public void Means_OfDeviceAndHostValues_SurviveEachStepsDisposeScope()
    {
        using var metrics = new TrainMetrics(torch.CPU);
        for (int step = 1; step <= 4; step++)
        {
            using var scope = torch.NewDisposeScope();
            metrics.Add("losses/q", torch.tensor((float)step));
            metrics.Add("charts/epsilon", 0.5 * step);
            if (step % 2 == 0)
            {
                metrics.Add("losses/actor", torch.tensor(new[] { 10f * step }));
            }
        }
        List<Metric> means = metrics.Means();
        Assert.That(means.Select(m => m.Name), Is.EqualTo(new[] { "losses/q", "charts/epsilon", "losses/actor" }));
        Assert.That(means.Select(m => m.Value), Is.EqualTo(new[] { 2.5, 1.25, 30.0 }).Within(1e-6));
    }
}
