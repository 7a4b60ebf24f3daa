// The trainer's live progress: a redrawn status line with steps/s, recent mean return and ETA on a terminal,
// and a plain line every few seconds when the output is a file or a pipe.
using System.Diagnostics;
using System.Globalization;
using DrlRobot.Trainer.Training;
using Spectre.Console;

namespace DrlRobot.Trainer.Cli;

internal sealed class ConsoleProgress(string env, string algo) : ITrainingProgress
{
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private readonly bool _interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public void Report(long steps, long totalSteps, double stepsPerSecond, double recentReturn, long episodes)
    {
        double fraction = Math.Min(1.0, (double)steps / totalSteps);
        TimeSpan eta = stepsPerSecond > 0 ? TimeSpan.FromSeconds((totalSteps - steps) / stepsPerSecond) : TimeSpan.Zero;
        string ret = double.IsNaN(recentReturn) ? "–" : recentReturn.ToString("0.0", CultureInfo.InvariantCulture);
        if (_interactive)
        {
            const int width = 30;
            int filled = (int)(fraction * width);
            string bar = new string('█', filled) + new string('░', width - filled);
            Console.Write($"\r{env}/{algo} {bar} {fraction,4:P0} {steps,9}/{totalSteps} · {stepsPerSecond,7:0} steps/s · return {ret,7} · {episodes} episodes · ETA {eta:mm\\:ss}   ");
        }
        else if (_sinceLastLine.Elapsed.TotalSeconds >= 5 || steps >= totalSteps)
        {
            _sinceLastLine.Restart();
            Console.WriteLine($"{env}/{algo} {fraction:P0} step {steps}/{totalSteps} · {stepsPerSecond:0} steps/s · return {ret} · {episodes} episodes · ETA {eta:mm\\:ss}");
        }
    }

    public void Note(string message)
    {
        if (_interactive)
        {
            Console.WriteLine();
        }
        Console.WriteLine(message);
    }

    public void Finish(TrainingResult result)
    {
        if (_interactive)
        {
            Console.WriteLine();
        }
        Console.WriteLine($"trained {result.Steps} steps in {result.WallSeconds:0.0} s → {result.RunDir}");
        if (result.Profile is { } profile)
        {
            Console.WriteLine($"time: {profile}");
        }
        if (result.Evaluation is { } e)
        {
            Console.WriteLine($"evaluation ({e.Episodes} unseen episodes): mean return {e.MeanReturn:0.0} ± {e.StdReturn:0.0}, success {e.SuccessRate:P0}, mean length {e.MeanLength:0}");
        }
    }
}
