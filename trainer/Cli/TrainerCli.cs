// The drl-train command line: one root command, one subcommand per job.
using System.CommandLine;
using DrlRobot.Cli;

namespace DrlRobot.Trainer.Cli;

/// <summary>Builds and runs the drl-train command line.</summary>
public static class TrainerCli
{
    /// <summary>The tool's name in messages.</summary>
    public const string Tool = "drl-train";

    /// <summary>Runs drl-train with <paramref name="args"/> and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        // Before any command can touch libtorch: MKL reads its reproducibility mode once, at its first call.
        Torch.NumericReproducibility.Prepare();
        var root = new RootCommand("drl-train: learn continuous multi-actuator robot policies and export them to ONNX")
        {
            TrainCommand.Create(),
            EvalCommand.Create(),
            ExportCommand.Create(),
            AttachCommand.Create(),
            PlotCommand.Create(),
            CompareCommand.Create(),
            DoctorCommand.Create(),
            EnvsCommand.Create(),
            BenchSimCommand.Create(),
            BenchUpdateCommand.Create(),
            SweepCommand.Create(),
            SweepCommand.CreateTask(),
            ReportCommand.Create(),
            RobustnessCommand.Create(),
        };
        return CliHost.Run(root, Tool, args);
    }
}
