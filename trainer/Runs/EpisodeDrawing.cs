// A picture of one evaluation episode of the final policy: for the landers, the flight path in the
// observation's x/y plane with the thrust drawn where each engine fires; for other robots, observations and
// actions over time.
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Training;
using ScottPlot;

namespace DrlRobot.Trainer.Runs;

/// <summary>Draws one deterministic episode to a PNG.</summary>
public static class EpisodeDrawing
{
    private const int MaxSteps = 2000;

    /// <summary>Plays one episode of <paramref name="envId"/> from <paramref name="seed"/> with <paramref name="act"/> and draws it.</summary>
    public static void Write(string envId, ulong seed, PolicyFunction act, string pngPath)
    {
        ArgumentNullException.ThrowIfNull(act);
        using IRobotSim robot = EnvRegistry.CreateSingle(envId);
        RobotContract contract = robot.Contract;
        int nObs = contract.Observations.Count, nAct = contract.Actuators.Count;
        var observations = new List<float[]>();
        var actions = new List<float[]>();
        var obs = new float[nObs];
        robot.Reset(seed, obs);
        double total = 0;
        StepResult last = default;
        for (int t = 0; t < MaxSteps; t++)
        {
            var action = new float[nAct];
            act(obs, action, 1);
            observations.Add((float[])obs.Clone());
            actions.Add(action);
            last = robot.Step(action, obs);
            total += last.Reward;
            if (last.Terminated || last.Truncated)
            {
                break;
            }
        }
        observations.Add((float[])obs.Clone());
        string title = $"{envId}: one evaluation episode, return {total:0.0}, {actions.Count} steps{(last.Success ? ", landed" : "")}";
        Plot plot = envId.StartsWith("lander", StringComparison.Ordinal)
            ? DrawLander(contract, observations, actions, title)
            : DrawTimeSeries(contract, observations, actions, title);
        byte[] png = plot.GetImageBytes(900, 600, ImageFormat.Png);
        AtomicFile.Write(pngPath, stream => stream.Write(png));
    }

    private static Plot DrawLander(RobotContract contract, List<float[]> observations, List<float[]> actions, string title)
    {
        var plot = new Plot();
        double[] xs = observations.Select(o => (double)o[0]).ToArray();
        double[] ys = observations.Select(o => (double)o[1]).ToArray();
        var path = plot.Add.Scatter(xs, ys);
        path.MarkerSize = 0;
        path.LineWidth = 1.5f;
        path.LegendText = "path of the hull";
        var pad = plot.Add.Line(-0.2, 0, 0.2, 0);
        pad.LineWidth = 4;
        pad.LegendText = "landing pad";

        bool threeThrusters = contract.Actuators.Count == 3;
        var mainColor = Colors.OrangeRed;
        var sideColor = Colors.DodgerBlue;
        for (int t = 0; t < actions.Count; t += 4)
        {
            (double main, double lateral) = Engines(actions[t], threeThrusters);
            double angle = observations[t][4];
            if (main > 0)
            {
                // Main engine: its plume points out of the bottom of the hull, along the hull's axis.
                double length = 0.08 * main;
                var arrow = plot.Add.Arrow(new Coordinates(xs[t], ys[t]), new Coordinates(xs[t] + length * Math.Sin(angle), ys[t] - length * Math.Cos(angle)));
                Style(arrow, mainColor);
            }
            if (lateral != 0)
            {
                // Side booster: its plume points away from the way it pushes.
                double length = 0.05 * Math.Abs(lateral);
                double direction = -Math.Sign(lateral);
                var arrow = plot.Add.Arrow(new Coordinates(xs[t], ys[t]), new Coordinates(xs[t] + direction * length * Math.Cos(angle), ys[t] + direction * length * Math.Sin(angle)));
                Style(arrow, sideColor);
            }
        }
        plot.Add.Marker(xs[0], ys[0], MarkerShape.FilledCircle, 8, Colors.Green).LegendText = "start";
        plot.Add.Marker(xs[^1], ys[^1], MarkerShape.FilledSquare, 8, Colors.Black).LegendText = "end";
        plot.Title(title);
        plot.XLabel("x (observation units, pad centre at 0)");
        plot.YLabel("y (observation units, 0 = resting on the pad)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static void Style(ScottPlot.Plottables.Arrow arrow, Color color)
    {
        arrow.ArrowLineColor = color;
        arrow.ArrowFillColor = color;
        arrow.ArrowWidth = 2;
        arrow.ArrowheadWidth = 7;
        arrow.ArrowheadLength = 7;
        arrow.ArrowheadAxisLength = 7;
    }

    // Engine powers in [0, 1] as the lander's rules apply them (main above 0, lateral beyond ±0.5; three thrusters as given).
    private static (double Main, double Lateral) Engines(float[] action, bool threeThrusters)
    {
        if (threeThrusters)
        {
            return (action[0], action[2] - action[1]);
        }
        double main = action[0] > 0 ? 0.5 + 0.5 * Math.Clamp(action[0], 0, 1) : 0;
        double lateral = Math.Abs(action[1]) > 0.5 ? Math.Sign(action[1]) * Math.Clamp(Math.Abs(action[1]), 0.5, 1) : 0;
        return (main, lateral);
    }

    private static Plot DrawTimeSeries(RobotContract contract, List<float[]> observations, List<float[]> actions, string title)
    {
        var plot = new Plot();
        double dt = 1.0 / contract.ControlHz;
        for (int j = 0; j < contract.Observations.Count; j++)
        {
            double[] values = observations.Select(o => (double)o[j]).ToArray();
            var line = plot.Add.Signal(values, dt);
            line.LegendText = contract.Observations[j].Name;
        }
        for (int j = 0; j < contract.Actuators.Count; j++)
        {
            double[] values = actions.Select(a => (double)a[j]).ToArray();
            var line = plot.Add.Signal(values, dt);
            line.LegendText = $"action: {contract.Actuators[j].Name}";
            line.LineWidth = 2;
        }
        plot.Title(title);
        plot.XLabel("time (s)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
