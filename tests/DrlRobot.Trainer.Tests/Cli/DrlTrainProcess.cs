// The real drl-train in its own process, as a user starts it from a terminal: the tests that send it signals or run
// sweeps through it.
using System.Diagnostics;

namespace DrlRobot.Trainer.Tests.Cli;

internal static class DrlTrainProcess
{
    /// <summary>Starts `drl-train ARGS` with its output redirected.</summary>
    public static Process Start(params string[] args)
    {
        // A shell starts background jobs with SIGINT ignored, and children inherit that: a CI runner may run the tests
        // so. The operator's terminal delivers it, so the child gets the default disposition back (coreutils env).
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--default-signal=INT,TERM");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "drl-train.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }
}
