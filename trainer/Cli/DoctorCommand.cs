// `drl-train doctor`: can this workstation train? libtorch, threads, CUDA, the libstdc++ compatibility fix.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Trainer.Torch;
using Spectre.Console;

namespace DrlRobot.Trainer.Cli;

internal static class DoctorCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var command = new Command("doctor", "Check that libtorch loads and computes, and report threads, CUDA and the libstdc++ fix")
        {
            json,
        };
        command.SetAction(parse =>
        {
            TorchReport report = TorchDoctor.Run();
            if (parse.GetValue(json))
            {
                CliJson.Write(report);
            }
            else
            {
                Print(report);
            }
            return report.Ok ? ExitCodes.Success : ExitCodes.HardwareFailure;
        });
        return command;
    }

    private static void Print(TorchReport report)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("", "check", "detail");
        foreach (DoctorCheck check in report.Checks)
        {
            string tag = check.Status switch
            {
                CheckStatus.Ok => "[green]ok[/]",
                CheckStatus.Info => "[grey]--[/]",
                CheckStatus.Warn => "[yellow]warn[/]",
                _ => "[red]FAIL[/]",
            };
            table.AddRow(new Markup(tag), new Text(check.Name), new Text(check.Detail));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(report.Ok ? "[green]drl-train can train on this machine.[/]"
                                         : "[red]drl-train cannot train on this machine: see the failed checks.[/]");
    }
}
