// The drl-run command line: one root command, one subcommand per job.
using System.CommandLine;
using DrlRobot.Cli;

namespace DrlRobot.Runtime.Cli;

/// <summary>Builds and runs the drl-run command line.</summary>
public static class RuntimeCli
{
    /// <summary>The tool's name in messages.</summary>
    public const string Tool = "drl-run";

    /// <summary>Runs drl-run with <paramref name="args"/> and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("drl-run: run an exported DrlRobot policy on a robot, a simulator or an emulated plant")
        {
            DoctorCommand.Create(),
            InspectCommand.Create(),
            SimCommand.Create(),
            BenchCommand.Create(),
            HwCommand.Create(),
            EmulateCommand.Create(),
        };
        return CliHost.Run(root, Tool, args);
    }
}
