// `drl-train robustness MODEL|RUN --grid NAME=LOW:HIGH:N[,NAME=LOW:HIGH:N]`: success rate and mean return of a policy
// over a grid of physical deviations from the nominal robot, as a table, JSON or a heat map.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Sim;
using DrlRobot.Trainer.Onnx;
using DrlRobot.Trainer.Robustness;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Cli;

internal static class RobustnessCommand
{
    /// <summary>Evaluation seed for a model file, whose training seeds are not known here.</summary>
    public const ulong ModelSeed = 777;

    public static Command Create()
    {
        var target = new Argument<string>("MODEL|RUN") { Description = "A policy file (.onnx) or a run directory" };
        var grid = new Option<string>("--grid")
        {
            Description = $"NAME=LOW:HIGH:N[,NAME=LOW:HIGH:N]; names: {string.Join(", ", RobustnessMap.Parameters)}",
            Required = true,
        };
        var episodes = new Option<int>("--episodes") { Description = "Episodes per cell", DefaultValueFactory = _ => 100 };
        var seed = new Option<ulong?>("--seed") { Description = $"Evaluation seed, the same in every cell; default the run's evaluation seed, or {ModelSeed} for a model file" };
        var output = new Option<string?>("--out") { Description = "Draw the map to this PNG" };
        var json = new Option<bool>("--json") { Description = "Print the map as one JSON object" };
        var command = new Command("robustness", "Success rate over a grid of physical deviations (thrust, latency, mass, …) from the nominal robot, as a heat map")
        {
            target, grid, episodes, seed, output, json,
        };
        command.SetAction(parse =>
        {
            IReadOnlyList<RobustnessAxis> axes = RobustnessMap.ParseGrid(parse.GetValue(grid)!);
            int count = parse.GetValue(episodes);
            if (count is < 1 or > 100_000)
            {
                throw new ArgumentException("--episodes must be from 1 to 100000");
            }
            string path = parse.GetValue(target)!;
            RobustnessResult map;
            if (Directory.Exists(path))
            {
                using LoadedRun run = LoadedRun.Open(path);
                map = RobustnessMap.Evaluate(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), run.Config.Env, run.Agent.Act, axes, count,
                                             parse.GetValue(seed) ?? run.Config.EvalSeed, 32);
            }
            else
            {
                using OnnxFilePolicy policy = OnnxFilePolicy.Open(path);
                string env = policy.Contract.EnvId;
                if (!EnvRegistry.Ids.Contains(env))
                {
                    throw new ArgumentException($"{Path.GetFileName(path)} is for env '{env}', which this trainer does not simulate");
                }
                string? mismatch = DrlRobot.Sim.Contracts.RobotContract.FirstMismatch(policy.Contract, EnvRegistry.GetContract(env), "model", "simulator");
                if (mismatch is not null)
                {
                    throw new ArgumentException($"{Path.GetFileName(path)}: {mismatch}");
                }
                map = RobustnessMap.Evaluate(Path.GetFileName(path), env, policy.Act, axes, count, parse.GetValue(seed) ?? ModelSeed, 32);
            }
            if (parse.GetValue(output) is { } png)
            {
                RobustnessMap.WritePng(map, png);
            }
            if (parse.GetValue(json))
            {
                CliJson.Write(map);
            }
            else
            {
                Console.Write(RobustnessMap.ToText(map));
                if (parse.GetValue(output) is { } written)
                {
                    Console.WriteLine($"wrote {written}");
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
