// The running normaliser equals the mean and population variance of everything it has seen.
using DrlRobot.Trainer.Common;

namespace DrlRobot.Trainer.Tests.Common;

public class RunningMeanStdTests
{
    [Test]
    public void Update_InBatchesEqualsTheStatisticsOfAllRows()
    {
        var rng = new Rng(3);
        const int size = 3, rows = 1000;
        float[] data = Enumerable.Range(0, rows * size).Select(i => (float)(rng.NextGaussian() * (i % size + 1) + 10 * (i % size))).ToArray();
        var stats = new RunningMeanStd(size, initialCount: 1e-12);
        int done = 0;
        foreach (int batch in new[] { 1, 7, 100, 392, 500 })
        {
            stats.Update(data.AsSpan(done * size, batch * size), batch);
            done += batch;
        }
        for (int j = 0; j < size; j++)
        {
            double[] column = Enumerable.Range(0, rows).Select(r => (double)data[r * size + j]).ToArray();
            double mean = column.Average();
            double variance = column.Sum(x => (x - mean) * (x - mean)) / rows;
            Assert.That(stats.Mean[j], Is.EqualTo(mean).Within(1e-9));
            Assert.That(stats.Variance[j], Is.EqualTo(variance).Within(1e-6));
        }
    }

    [Test]
    public void Normalize_CentresScalesAndClips()
    {
        var stats = new RunningMeanStd(2, initialCount: 1e-12);
        stats.Update([0f, 10f, 2f, 30f], 2); // mean (1, 20), variance (1, 100)
        var output = new float[4];
        stats.Normalize([3f, 20f, 1f, 1000f], output, clip: 5f, epsilon: 0);
        Assert.That(output, Is.EqualTo(new[] { 2f, 0f, 0f, 5f }).Within(1e-5f));
    }

    [Test]
    public void SaveAndLoad_RestoreTheSameStatistics()
    {
        var stats = new RunningMeanStd(2);
        stats.Update([1f, 2f, 3f, 5f, -4f, 8f], 3);
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, System.Text.Encoding.UTF8, leaveOpen: true)) stats.Save(writer);
        memory.Position = 0;
        var copy = new RunningMeanStd(2);
        copy.Load(new BinaryReader(memory));
        Assert.Multiple(() =>
        {
            Assert.That(copy.Mean.ToArray(), Is.EqualTo(stats.Mean.ToArray()));
            Assert.That(copy.Variance.ToArray(), Is.EqualTo(stats.Variance.ToArray()));
            Assert.That(copy.Count, Is.EqualTo(stats.Count));
        });
    }
}
