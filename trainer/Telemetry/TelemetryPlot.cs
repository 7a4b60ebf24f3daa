// Renders a telemetry recording as one image: observations, actions against the commands the supervisor let
// through, and loop timing, over control time, with the safety stop marked.
using DrlRobot.Trainer.Runs;
using ScottPlot;

namespace DrlRobot.Trainer.Telemetry;

/// <summary>Draws a <see cref="TelemetryFile"/>.</summary>
public static class TelemetryPlot
{
    private const uint LatchedFlag = 512;

    /// <summary>Writes a three-panel PNG of <paramref name="telemetry"/> to <paramref name="pngPath"/>.</summary>
    public static void Write(TelemetryFile telemetry, string pngPath, string title)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        double[] time = telemetry.Columns["time_s"];
        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        Plot observations = multiplot.GetPlot(0), actions = multiplot.GetPlot(1), timing = multiplot.GetPlot(2);

        foreach (string name in telemetry.Observations)
        {
            observations.Add.ScatterLine(time, telemetry.Columns["obs." + name]).LegendText = name;
        }
        observations.Title(title);
        observations.YLabel("observation");
        observations.ShowLegend(Alignment.UpperRight);

        foreach (string name in telemetry.Actuators)
        {
            var raw = actions.Add.ScatterLine(time, telemetry.Columns["action." + name]);
            raw.LegendText = $"{name} (policy)";
            raw.LinePattern = LinePattern.Dotted;
            actions.Add.ScatterLine(time, telemetry.Columns["command." + name]).LegendText = $"{name} (sent)";
        }
        actions.YLabel("actuator command");
        actions.ShowLegend(Alignment.UpperRight);

        timing.Add.ScatterLine(time, telemetry.Columns["tick_us"]).LegendText = "tick duration (µs)";
        timing.Add.ScatterLine(time, telemetry.Columns["deadline_error_us"]).LegendText = "wake-up lateness (µs)";
        timing.YLabel("µs");
        timing.XLabel("control time (s)");
        timing.ShowLegend(Alignment.UpperRight);

        double[] flags = telemetry.Columns["flags"];
        int stop = Array.FindIndex(flags, f => ((uint)f & LatchedFlag) != 0);
        if (stop >= 0)
        {
            foreach (Plot plot in new[] { observations, actions, timing })
            {
                var line = plot.Add.VerticalLine(time[stop]);
                line.Color = Colors.Red;
                line.LegendText = "safety stop";
            }
        }

        // Whole or not at all, as every artefact.
        DrlRobot.Trainer.Runs.AtomicFile.WriteThrough(pngPath, ".png", temporary => multiplot.SavePng(temporary, 1000, 900));
    }
}
