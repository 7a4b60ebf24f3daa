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

    /// <summary>
    /// Opens the log; on resume, keeps only the complete rows up to <paramref name="resumeStep"/>: rows written after
    /// the checkpoint go, and so does a partial or blank row a kill or a full disk left.
    /// </summary>
    public ProgressLog(string path, IReadOnlyList<string> metricNames, long? resumeStep)
    {
        _columns = ["step", "episodes", "mean_return", "mean_length", "success_rate", .. metricNames];
        if (resumeStep is long step && File.Exists(path))
        {
            string header = string.Join(',', _columns);
            string[] kept = [header, .. File.ReadAllLines(path).Skip(1).Where(line => RowStep(line, _columns.Length) is long s && s <= step)];
            AtomicFile.WriteText(path, string.Join('\n', kept) + "\n");
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

    /// <summary>The step of a complete row of <paramref name="columns"/> cells, or null for a partial or malformed one.</summary>
    public static long? RowStep(string line, int columns)
    {
        ArgumentNullException.ThrowIfNull(line);
        int comma = line.IndexOf(',', StringComparison.Ordinal);
        return comma > 0 && line.Count(c => c == ',') == columns - 1
               && long.TryParse(line.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out long step)
            ? step
            : null;
    }

    private static string Format(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => _writer.Dispose();
}
