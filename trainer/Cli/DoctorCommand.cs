// `drl-train doctor`: can this workstation train? libtorch, threads, CUDA, the libstdc++ compatibility fix.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Torch;
using DrlRobot.Trainer.Training;
using Spectre.Console;
using TorchSharp;

namespace DrlRobot.Trainer.Cli;

internal static class DoctorCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var device = new Option<string?>("--device")
        {
            Description = "Also train each algorithm a few thousand steps on this device (cpu, cuda, auto), stop, resume and compare with an uninterrupted run",
        };
        var command = new Command("doctor", "Check that libtorch loads and computes, and report threads, CUDA and the libstdc++ fix")
        {
            json, device,
        };
        command.SetAction(parse =>
        {
            TorchReport report = TorchDoctor.Run();
            if (parse.GetValue(device) is { } choice)
            {
                report = WithTrainingChecks(report, ParseDevice(choice));
            }
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

    private static DeviceChoice ParseDevice(string value) =>
        Enum.TryParse(value, ignoreCase: true, out DeviceChoice choice) && Enum.IsDefined(choice)
            ? choice : throw new ArgumentException($"--device must be cpu, cuda or auto, not '{value}'");

    // One row per algorithm: trained, stopped after its first checkpoint, resumed, compared with an uninterrupted run.
    private static TorchReport WithTrainingChecks(TorchReport report, DeviceChoice choice)
    {
        if (!report.LibtorchLoaded)
        {
            return report;
        }
        var checks = new List<DoctorCheck>(report.Checks);
        if (choice == DeviceChoice.Cuda && !torch.cuda.is_available())
        {
            checks.Add(new DoctorCheck("training on cuda", CheckStatus.Fail, "no CUDA device is available (build with -p:TorchBackend=cuda; see README, CUDA)"));
            return report with { Checks = checks };
        }
        var results = new List<ResumeCheckResult>();
        string name = choice.ToString().ToLowerInvariant();
        string work = Path.Combine(Path.GetTempPath(), "drl-doctor-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (Algorithm algo in new[] { Algorithm.Ppo, Algorithm.Sac, Algorithm.Td3, Algorithm.Dqn })
            {
                ResumeCheckResult result = ResumeCheck.Run(algo, choice, work);
                results.Add(result);
                checks.Add(new DoctorCheck($"{result.Algo} on {name}", result.Identical ? CheckStatus.Ok : CheckStatus.Fail,
                    result.Identical
                        ? $"{result.Steps} steps on {result.Env}, stopped and resumed: the same checkpoint as an uninterrupted run ({result.Seconds:0.0} s)"
                        : $"{result.Steps} steps on {result.Env}, stopped and resumed: the checkpoint differs from an uninterrupted run's; resumed runs on this device are not exact"));
            }
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
        return report with { Checks = checks, Training = results };
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
