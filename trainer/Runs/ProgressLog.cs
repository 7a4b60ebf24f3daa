// progress.csv: one row per iteration with the step, episode statistics and the update's metrics. It holds no
// wall-clock values, so two runs with the same seed write identical files; timing goes to TensorBoard.
using System.Globalization;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Runs;

/// <summary>Appends rows to progress.csv, each flushed whole.</summary>
internal sealed class ProgressLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly string[] _columns;

    /// <summary>Opens the log; on resume, drops rows past <paramref name="resumeStep"/> (written after the checkpoint).</summary>
    public ProgressLog(string path, IReadOnlyList<string> metricNames, long? resumeStep)
    {
        _columns = ["step", "episodes", "mean_return", "mean_length", "success_rate", .. metricNames];
        if (resumeStep is long step && File.Exists(path))
        {
            string[] kept = File.ReadAllLines(path)
                .Where((line, i) => i == 0 || long.Parse(line.AsSpan(0, line.IndexOf(',', StringComparison.Ordinal)), CultureInfo.InvariantCulture) <= step)
                .ToArray();
            AtomicFile.WriteText(path, string.Join('\n', kept) + (kept.Length > 0 ? "\n" : ""));
            _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read));
        }
        else
        {
            _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));
            _writer.WriteLine(string.Join(',', _columns));
            _writer.Flush();
        }
    }

    /// <summary>Writes one row; metrics not named at construction are ignored.</summary>
    public void Append(long step, long episodes, double meanReturn, double meanLength, double successRate, IReadOnlyList<Metric> metrics)
    {
        var values = new List<string>
        {
            step.ToString(CultureInfo.InvariantCulture),
            episodes.ToString(CultureInfo.InvariantCulture),
            Format(meanReturn),
            Format(meanLength),
            Format(successRate),
        };
        foreach (string column in _columns.Skip(5))
        {
            // Select the formatted string first: Metric is a struct, so FirstOrDefault on it would invent a zero.
            values.Add(metrics.Where(m => m.Name == column).Select(m => Format(m.Value)).FirstOrDefault() ?? "");
        }
        _writer.WriteLine(string.Join(',', values));
        _writer.Flush();
    }

    private static string Format(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => _writer.Dispose();
}
