// Aggregate scores over runs the way rliable reports them (Agarwal et al., "Deep Reinforcement Learning at the Edge
// of the Statistical Precipice", NeurIPS 2021): the interquartile mean (the mean of the middle half of the runs'
// scores, robust to one failed seed yet using more than the median does) with a 95 % percentile confidence interval
// from a stratified bootstrap, which resamples runs with replacement within each task (stratum) and aggregates the
// resampled score matrix. A configuration of one sweep trains one env, so there it resamples the seeds.
using DrlRobot.Trainer.Common;

namespace DrlRobot.Trainer.Sweeps;

/// <summary>A point estimate with its confidence interval.</summary>
public sealed record Interval(double Estimate, double Low, double High);

/// <summary>Median, interquartile mean and stratified-bootstrap intervals of run scores.</summary>
public static class ScoreStatistics
{
    /// <summary>Bootstrap resamples of the report's intervals.</summary>
    public const int Resamples = 2000;

    /// <summary>The median (the mean of the middle two for an even count); NaN for no scores.</summary>
    public static double Median(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            return double.NaN;
        }
        double[] sorted = [.. scores.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// The interquartile mean: ⌊n/4⌋ scores cut from each end, the rest averaged (scipy.stats.trim_mean at 0.25, as
    /// rliable computes it), so below 4 runs it is the mean. NaN for no scores.
    /// </summary>
    public static double InterquartileMean(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            return double.NaN;
        }
        double[] sorted = [.. scores.Order()];
        int cut = sorted.Length / 4;
        double sum = 0;
        for (int i = cut; i < sorted.Length - cut; i++)
        {
            sum += sorted[i];
        }
        return sum / (sorted.Length - 2 * cut);
    }

    /// <summary>
    /// <paramref name="aggregate"/> of all tasks' scores together, and its 95 % percentile interval from
    /// <paramref name="resamples"/> stratified bootstrap resamples: each task's runs are drawn with replacement, as
    /// many as it has. Deterministic for a seed.
    /// </summary>
    public static Interval Bootstrap(IReadOnlyList<IReadOnlyList<double>> tasks, Func<IReadOnlyList<double>, double> aggregate,
                                     int resamples = Resamples, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(aggregate);
        double[] all = [.. tasks.SelectMany(t => t)];
        if (all.Length == 0)
        {
            return new Interval(double.NaN, double.NaN, double.NaN);
        }
        double estimate = aggregate(all);
        var rng = new Rng(seed);
        var draws = new double[resamples];
        var sample = new double[all.Length];
        for (int b = 0; b < resamples; b++)
        {
            int k = 0;
            foreach (IReadOnlyList<double> task in tasks)
            {
                for (int i = 0; i < task.Count; i++)
                {
                    sample[k++] = task[rng.NextInt(task.Count)];
                }
            }
            draws[b] = aggregate(sample);
        }
        Array.Sort(draws);
        return new Interval(estimate, Percentile(draws, 2.5), Percentile(draws, 97.5));
    }

    // Linear interpolation between closest ranks (numpy's default percentile).
    private static double Percentile(double[] sorted, double percent)
    {
        double rank = percent / 100 * (sorted.Length - 1);
        int below = (int)Math.Floor(rank);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }
}
