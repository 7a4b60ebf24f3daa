// `drl-train plot FILE [--out PNG]`: renders a telemetry recording from `drl-run sim|hw --telemetry FILE`.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Trainer.Telemetry;

namespace DrlRobot.Trainer.Cli;

internal static class PlotCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Telemetry file written by drl-run (binary, or .csv)" };
        var output = new Option<string?>("--out") { Description = "PNG to write; default FILE.png" };
        var command = new Command("plot", "Plot a drl-run telemetry file: observations, actions and loop timing over time") { file, output };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            TelemetryFile telemetry = TelemetryFile.Read(path);
            if (telemetry.Ticks == 0)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} holds no ticks");
            }
            string png = parse.GetValue(output) ?? path + ".png";
            TelemetryPlot.Write(telemetry, png, $"{telemetry.EnvId} · {telemetry.Ticks} ticks at {telemetry.RateHz:0.#} Hz · {Path.GetFileName(path)}");
            Console.WriteLine($"wrote {png}");
            return ExitCodes.Success;
        });
        return command;
    }
}
