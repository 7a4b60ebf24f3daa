// `drl-train eval DIR`: deterministic evaluation of a run's newest checkpoint on seeds never used in training.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Cli;

internal static class EvalCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Run directory" };
        var episodes = new Option<int>("--episodes") { Description = "Episodes to play", DefaultValueFactory = _ => 100 };
        var seed = new Option<ulong?>("--seed") { Description = "Evaluation seed; default derived from the run's seed, disjoint from training" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object" };
        var draw = new Option<string?>("--draw") { Description = "Also draw the first evaluation episode to this PNG file" };
        var randomize = new Option<bool>("--randomize") { Description = "Evaluate under domain randomisation: the run's ranges, or the defaults" };
        var command = new Command("eval", "Evaluate a run's newest checkpoint with deterministic actions") { dir, episodes, seed, json, draw, randomize };
        command.SetAction(parse =>
        {
            string runDir = parse.GetValue(dir)!;
            int count = parse.GetValue(episodes);
            if (count <= 0)
            {
                throw new ArgumentException("--episodes must be positive");
            }
            using LoadedRun loaded = LoadedRun.Open(runDir);
            TrainConfig config = loaded.Config;
            ulong evalSeed = parse.GetValue(seed) ?? config.EvalSeed;
            DrlRobot.Sim.Randomization.DomainRandomization? ranges = parse.GetValue(randomize) ? config.Randomization ?? new() : null;
            EvalResult result = Evaluation.Run(config.Env, count, evalSeed, 32, loaded.Agent.Act, ranges);
            if (parse.GetValue(draw) is { } png)
            {
                EpisodeDrawing.Write(config.Env, evalSeed, loaded.Agent.Act, png);
            }
            if (parse.GetValue(json))
            {
                CliJson.Write(new { result.Env, result.Episodes, result.MeanReturn, result.StdReturn, result.SuccessRate, result.MeanLength, result.Smoothness });
            }
            else
            {
                Console.WriteLine($"{result.Env}: {result.Episodes} episodes, mean return {result.MeanReturn:0.0} ± {result.StdReturn:0.0}, success {result.SuccessRate:P0}, mean length {result.MeanLength:0}");
                Console.WriteLine("smoothness: " + string.Join("; ", result.Smoothness.Select(s =>
                    $"{s.Actuator} mean |Δu| {s.MeanAbsDelta:0.###} per step, {(s.HighFrequencyShare is double h ? $"{h:P1}" : "–")} of its energy above a quarter of the rate")));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
