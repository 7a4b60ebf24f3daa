// wall.json: the training wall time up to each kept checkpoint, summed over every session of the run, so the card of
// a run that was interrupted and resumed reports what its weights cost, not only the last session. It lives beside
// the checkpoints rather than inside them: checkpoints stay byte-identical from run to run, and clocks never are.
using System.Globalization;
using System.Text.Json;

namespace DrlRobot.Trainer.Runs;

/// <summary>Reads and records the cumulative wall seconds at each checkpoint step.</summary>
internal static class TrainingTime
{
    /// <summary>The wall seconds spent reaching <paramref name="step"/>, over all sessions, or null when not recorded.</summary>
    public static double? At(string path, long step) => Read(path).TryGetValue(step, out double seconds) ? seconds : null;

    /// <summary>Records <paramref name="seconds"/> at <paramref name="step"/>, keeping only the steps in <paramref name="keep"/>.</summary>
    public static void Record(string path, long step, double seconds, IEnumerable<long> keep)
    {
        SortedDictionary<long, double> earlier = Read(path);
        var steps = new SortedDictionary<long, double>(keep.Where(earlier.ContainsKey).ToDictionary(s => s, s => earlier[s]))
        {
            [step] = Math.Round(seconds, 3),
        };
        AtomicFile.WriteText(path, JsonSerializer.Serialize(steps.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value)));
    }

    private static SortedDictionary<long, double> Read(string path)
    {
        var steps = new SortedDictionary<long, double>();
        try
        {
            if (File.Exists(path) && JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(path)) is { } read)
            {
                foreach ((string key, double seconds) in read)
                {
                    if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out long step) && double.IsFinite(seconds) && seconds >= 0)
                    {
                        steps[step] = seconds;
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // Only the card's wall time depends on it: an unreadable file makes that figure partial, never stops a run.
        }
        return steps;
    }
}
