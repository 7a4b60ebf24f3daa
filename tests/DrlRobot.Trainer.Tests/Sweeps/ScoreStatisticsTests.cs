// The report's statistics: the interquartile mean as rliable (scipy's trim_mean at 0.25) computes it, and stratified
// bootstrap intervals that resample within each task.
using DrlRobot.Trainer.Sweeps;

namespace DrlRobot.Trainer.Tests.Sweeps;

public class ScoreStatisticsTests
{
    [Test]
    public void InterquartileMean_CutsAQuarterFromEachEnd()
    {
        Assert.Multiple(() =>
        {
            // scipy.stats.trim_mean(x, 0.25): ⌊0.25 n⌋ from each end.
            Assert.That(ScoreStatistics.InterquartileMean([1, 2, 3]), Is.EqualTo(2.0), "below four runs: the mean");
            Assert.That(ScoreStatistics.InterquartileMean([-600, 270, 280, 275, 290]), Is.EqualTo(275.0), "one failed seed of five does not drag it");
            Assert.That(ScoreStatistics.InterquartileMean([8, 1, 7, 2, 6, 3, 5, 4]), Is.EqualTo(4.5), "the middle four of eight");
            Assert.That(ScoreStatistics.InterquartileMean([]), Is.NaN);
        });
    }

    [Test]
    public void Median_OfOddAndEvenCounts()
    {
        Assert.That(ScoreStatistics.Median([3, 1, 2]), Is.EqualTo(2.0));
        Assert.That(ScoreStatistics.Median([4, 1, 3, 2]), Is.EqualTo(2.5));
    }

    [Test]
    public void Bootstrap_IsDeterministic_AndItsIntervalHoldsTheEstimate()
    {
        double[] scores = [255.7, 268.9, 270.7, 190.2, 281.0];
        Interval a = ScoreStatistics.Bootstrap([scores], ScoreStatistics.InterquartileMean, seed: 3);
        Interval b = ScoreStatistics.Bootstrap([scores], ScoreStatistics.InterquartileMean, seed: 3);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.Estimate, Is.EqualTo(ScoreStatistics.InterquartileMean(scores)));
            Assert.That(a.Low, Is.LessThan(a.Estimate).And.GreaterThanOrEqualTo(190.2));
            Assert.That(a.High, Is.GreaterThan(a.Estimate).And.LessThanOrEqualTo(281.0));
        });
    }

    [Test]
    public void Bootstrap_OfEqualScores_HasNoWidth()
    {
        Interval interval = ScoreStatistics.Bootstrap([[5.0, 5.0, 5.0]], ScoreStatistics.InterquartileMean);
        Assert.That(interval, Is.EqualTo(new Interval(5, 5, 5)));
    }

    [Test]
    public void Bootstrap_ResamplesWithinEachTask()
    {
        // Task A's three runs score 0 and task B's one run 10: a stratified resample always holds three of A and one
        // of B, so the mean never moves from 2.5; resampling the four runs together would.
        Interval interval = ScoreStatistics.Bootstrap([[0.0, 0.0, 0.0], [10.0]], s => s.Average());
        Assert.That(interval, Is.EqualTo(new Interval(2.5, 2.5, 2.5)));
    }
}
