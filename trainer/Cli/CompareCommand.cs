// `drl-train compare DIR... --out PNG [--steps N]`: the learning curves of several runs on one chart, for example
// discrete (DQN) against per-actuator continuous control of the lander at the same step budget.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;

namespace DrlRobot.Trainer.Cli;

internal static class CompareCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "Run directories", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "PNG to write", Required = true };
        var steps = new Option<long?>("--steps") { Description = "Cut every curve at this many environment steps" };
        var command = new Command("compare", "Plot the learning curves of several runs on one chart") { dirs, output, steps };
        command.SetAction(parse =>
        {
            var runs = new List<(string, string)>();
            string? env = null;
            foreach (string dir in parse.GetValue(dirs)!)
            {
                var run = new RunDirectory(dir);
                if (!File.Exists(run.ProgressPath))
                {
                    throw new FileNotFoundException($"no progress.csv in {dir}");
                }
                TrainConfig config = ConfigLoader.ReadResolved(run.ConfigPath);
                env ??= config.Env;
                runs.Add(($"{config.Env} · {config.Algo.ToString().ToLowerInvariant()} · seed {config.Seed}", run.ProgressPath));
            }
            long limit = parse.GetValue(steps) ?? long.MaxValue;
            string png = parse.GetValue(output)!;
            RunArtefacts.WriteCurves(runs, png, limit == long.MaxValue ? "learning curves" : $"learning curves, first {limit:N0} steps",
                                     RunArtefacts.SolvedThreshold(env!), limit);
            Console.WriteLine($"wrote {png}");
            return ExitCodes.Success;
        });
        return command;
    }
}
