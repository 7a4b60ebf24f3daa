// `drl-train export DIR [--out FILE]`: writes the ONNX policy of a run's newest good checkpoint.
using System.CommandLine;
using System.Text.Json;
using DrlRobot.Cli;
using DrlRobot.Sim;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Cli;

internal static class ExportCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Run directory" };
        var output = new Option<string?>("--out") { Description = "ONNX file to write; default DIR/policy.onnx" };
        var command = new Command("export", "Write the self-describing ONNX policy of a run's newest checkpoint") { dir, output };
        command.SetAction(parse =>
        {
            string runDir = parse.GetValue(dir)!;
            using LoadedRun loaded = LoadedRun.Open(runDir);
            TrainConfig config = loaded.Config;
            var run = new RunDirectory(runDir);
            RunCard? card = File.Exists(run.CardPath)
                ? JsonSerializer.Deserialize<RunCard>(File.ReadAllText(run.CardPath), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
                : null;
            var contract = EnvRegistry.GetContract(config.Env);
            var record = new TrainingRecord(config.Algo.ToString().ToLowerInvariant(), config.Env, contract.EnvVersion, loaded.Agent.Steps,
                                            config.Seed, card?.WallSeconds ?? double.NaN, ConfigLoader.Hash(config),
                                            card?.Steps == loaded.Agent.Steps ? card.Evaluation : null);
            string path = parse.GetValue(output) ?? run.PolicyPath;
            string sha = RunArtefacts.ExportPolicy(loaded.Agent, contract, record, path);
            Console.WriteLine($"wrote {path} (step {loaded.Agent.Steps}, sha256 {sha})");
            return ExitCodes.Success;
        });
        return command;
    }
}
