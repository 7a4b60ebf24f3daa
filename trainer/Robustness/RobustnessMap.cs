// How far the robot may differ from its nominal model before a policy fails: deterministic evaluations over a grid of
// fixed physical deviations (thrust scale × extra latency, say), every other parameter nominal, the same unseen
// episode seeds in every cell so that cells differ only by the deviation. Drawn as a heat map of the success rate.
using System.Globalization;
using DrlRobot.Sim.Randomization;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Training;
using ScottPlot;

namespace DrlRobot.Trainer.Robustness;

/// <summary>One axis of the grid: a randomisation parameter and the values it takes.</summary>
public sealed record RobustnessAxis(string Name, IReadOnlyList<double> Values);

/// <summary>One cell: the deviation and how the policy did there.</summary>
public sealed record RobustnessCell(IReadOnlyDictionary<string, double> At, double SuccessRate, double MeanReturn, double StdReturn);

/// <summary>A whole map.</summary>
public sealed record RobustnessResult(string Policy, string Env, int Episodes, ulong Seed, IReadOnlyList<RobustnessAxis> Axes, IReadOnlyList<RobustnessCell> Cells);

/// <summary>Parses grids, evaluates them and draws them.</summary>
public static class RobustnessMap
{
    /// <summary>Most values on one axis.</summary>
    public const int MaxValuesPerAxis = 50;

    /// <summary>Most cells of a map (each one a full evaluation).</summary>
    public const int MaxCells = 400;

    /// <summary>The parameters a grid may vary, as the config's randomization section names them.</summary>
    public static IReadOnlyList<string> Parameters { get; } =
        ["mass_scale", "inertia_scale", "thrust_scale", "friction_scale", "latency_steps", "sensor_noise", "wind_newtons"];

    /// <summary>
    /// Parses "NAME=LOW:HIGH:N[,NAME=LOW:HIGH:N]" (N evenly spaced values from LOW to HIGH; one or two axes), or
    /// throws one line naming what is wrong.
    /// </summary>
    public static IReadOnlyList<RobustnessAxis> ParseGrid(string grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var axes = new List<RobustnessAxis>();
        foreach (string part in grid.Split(',', StringSplitOptions.TrimEntries))
        {
            string[] nameAndRange = part.Split('=', 2);
            string[] range = nameAndRange.Length == 2 ? nameAndRange[1].Split(':') : [];
            if (range.Length != 3)
            {
                throw new ArgumentException($"--grid: '{part}' is not NAME=LOW:HIGH:N (e.g. thrust_scale=0.6:1.3:8)");
            }
            string name = nameAndRange[0];
            if (!Parameters.Contains(name))
            {
                throw new ArgumentException($"--grid: unknown parameter '{name}'; one of {string.Join(", ", Parameters)}");
            }
            if (axes.Any(a => a.Name == name))
            {
                throw new ArgumentException($"--grid: {name} is given twice");
            }
            if (!double.TryParse(range[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double low) || !double.IsFinite(low)
                || !double.TryParse(range[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double high) || !double.IsFinite(high)
                || !int.TryParse(range[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                throw new ArgumentException($"--grid: {name}: '{nameAndRange[1]}' is not LOW:HIGH:N with numbers LOW ≤ HIGH and a whole N");
            }
            if (low > high)
            {
                throw new ArgumentException($"--grid: {name}: LOW {Format(low)} is above HIGH {Format(high)}");
            }
            if (count is < 1 or > MaxValuesPerAxis || (count == 1 && low != high) || (count > 1 && low == high))
            {
                throw new ArgumentException($"--grid: {name}: N must be 1–{MaxValuesPerAxis} (1 only when LOW = HIGH), got {range[2]}");
            }
            // Rounded to 12 digits, so that 0.6:1.3:8 gives 0.9 and not 0.8999999999999999.
            double[] values = [.. Enumerable.Range(0, count).Select(i => count == 1 ? low : Math.Round(low + (high - low) * i / (count - 1), 12))];
            if (name == "latency_steps")
            {
                if (values.Any(v => Math.Abs(v - Math.Round(v)) > 1e-9))
                {
                    throw new ArgumentException($"--grid: latency_steps counts whole steps: {Format(low)}:{Format(high)}:{count} gives {string.Join(", ", values.Select(Format))}; choose N so that the spacing is whole");
                }
                values = [.. values.Select(v => Math.Round(v))];
            }
            var axis = new RobustnessAxis(name, values);
            // The simulator's own bounds, named for the grid.
            foreach (double value in new[] { low, high })
            {
                try
                {
                    CellRanges([axis], [value]).Validate();
                }
                catch (ArgumentOutOfRangeException e)
                {
                    throw new ArgumentException($"--grid: {name}={Format(value)} is outside what the simulator takes: {e.Message.Split(" (Parameter", 2)[0].Replace("randomization.", "", StringComparison.Ordinal)}", e);
                }
            }
            axes.Add(axis);
        }
        if (axes.Count > 2)
        {
            throw new ArgumentException($"--grid: a map has one or two axes, got {axes.Count}");
        }
        long cells = axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        if (cells > MaxCells)
        {
            throw new ArgumentException($"--grid: {cells} cells is more than {MaxCells} (each is a full evaluation); use fewer values");
        }
        return axes;
    }

    /// <summary>The randomisation of one cell: every parameter fixed, at its nominal value unless an axis sets it.</summary>
    public static DomainRandomization CellRanges(IReadOnlyList<RobustnessAxis> axes, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(values);
        var ranges = new DomainRandomization
        {
            MassScale = new(1, 1), InertiaScale = new(1, 1), ThrustScale = new(1, 1), FrictionScale = new(1, 1),
            LatencySteps = new(0, 0), SensorNoise = new(0, 0), WindNewtons = new(0, 0),
        };
        for (int i = 0; i < axes.Count; i++)
        {
            float v = (float)values[i];
            ranges = axes[i].Name switch
            {
                "mass_scale" => ranges with { MassScale = new(v, v) },
                "inertia_scale" => ranges with { InertiaScale = new(v, v) },
                "thrust_scale" => ranges with { ThrustScale = new(v, v) },
                "friction_scale" => ranges with { FrictionScale = new(v, v) },
                "latency_steps" => ranges with { LatencySteps = new((int)values[i], (int)values[i]) },
                "sensor_noise" => ranges with { SensorNoise = new(v, v) },
                "wind_newtons" => ranges with { WindNewtons = new(v, v) },
                _ => throw new ArgumentException($"unknown parameter '{axes[i].Name}'"),
            };
        }
        return ranges;
    }

    /// <summary>Evaluates <paramref name="act"/> in every cell, the same episode seeds in each.</summary>
    public static RobustnessResult Evaluate(string policy, string env, PolicyFunction act, IReadOnlyList<RobustnessAxis> axes, int episodes, ulong seed,
                                            int maxParallel, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var cells = new List<RobustnessCell>();
        IReadOnlyList<double[]> points = axes.Count == 1
            ? [.. axes[0].Values.Select(v => new[] { v })]
            : [.. axes[1].Values.SelectMany(y => axes[0].Values.Select(x => new[] { x, y }))];
        foreach (double[] point in points)
        {
            EvalResult result = Evaluation.Run(env, episodes, seed, maxParallel, act, CellRanges(axes, point));
            cells.Add(new RobustnessCell(axes.Select((a, i) => (a.Name, point[i])).ToDictionary(p => p.Name, p => p.Item2),
                                         result.SuccessRate, result.MeanReturn, result.StdReturn));
            progress?.Invoke(cells.Count, points.Count);
        }
        return new RobustnessResult(policy, env, episodes, seed, axes, cells);
    }

    /// <summary>The map as a table of success rates (and mean returns), one row per value of the second axis.</summary>
    public static string ToText(RobustnessResult map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var text = new System.Text.StringBuilder();
        RobustnessAxis x = map.Axes[0];
        RobustnessAxis? y = map.Axes.Count > 1 ? map.Axes[1] : null;
        text.Append(CultureInfo.InvariantCulture, $"{map.Policy} on {map.Env}: success rate (mean return) over {map.Episodes} episodes per cell, seed {map.Seed}\n");
        text.Append(((y is null ? "" : y.Name + " \\ ") + x.Name).PadRight(24));
        foreach (double v in x.Values)
        {
            text.Append(Format(v).PadLeft(16));
        }
        text.Append('\n');
        int rows = y?.Values.Count ?? 1;
        for (int r = 0; r < rows; r++)
        {
            text.Append((y is null ? "" : Format(y.Values[r])).PadRight(24));
            for (int c = 0; c < x.Values.Count; c++)
            {
                RobustnessCell cell = map.Cells[r * x.Values.Count + c];
                text.Append(string.Create(CultureInfo.InvariantCulture, $"{cell.SuccessRate * 100:0} % ({cell.MeanReturn:0})").PadLeft(16));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Draws the success rate as a heat map, each cell labelled with its percentage.</summary>
    public static void WritePng(RobustnessResult map, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(map);
        RobustnessAxis x = map.Axes[0];
        RobustnessAxis? y = map.Axes.Count > 1 ? map.Axes[1] : null;
        int rows = y?.Values.Count ?? 1, columns = x.Values.Count;
        var success = new double[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                // Row 0 of a heat map is drawn at the top: the first value of the second axis goes to the bottom.
                success[rows - 1 - r, c] = map.Cells[r * columns + c].SuccessRate * 100;
            }
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(success);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 100);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double value = map.Cells[r * columns + c].SuccessRate * 100;
                var label = plot.Add.Text($"{value:0}", c, r);
                label.LabelFontSize = columns * rows > 120 ? 9 : 13;
                label.LabelFontColor = value > 60 ? Colors.Black : Colors.White;
                label.LabelAlignment = Alignment.MiddleCenter;
            }
        }
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "success rate, %";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, columns).Select(i => (double)i)], [.. x.Values.Select(Format)]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, rows).Select(i => (double)i)], y is null ? [""] : [.. y.Values.Select(Format)]);
        plot.XLabel(x.Name);
        plot.YLabel(y?.Name ?? "");
        plot.Title($"{map.Policy} ({map.Env}): success over {map.Episodes} episodes per cell");
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        byte[] png = plot.GetImageBytes(Math.Max(500, 90 * columns + 200), Math.Max(300, 60 * rows + 160), ImageFormat.Png);
        AtomicFile.Write(pngPath, stream => stream.Write(png));
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
