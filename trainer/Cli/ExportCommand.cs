// `drl-train export DIR [--out FILE] [--card]`: writes the ONNX policy of a run's newest good checkpoint; with
// --card also the run's card (with the file's SHA-256), learning curve and episode drawing beside it, which is how
// the models/ folder is published.
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
        var card = new Option<bool>("--card") { Description = "Also write NAME.card.json, NAME.curve.png and NAME.episode.png beside the file" };
        var command = new Command("export", "Write the self-describing ONNX policy of a run's newest checkpoint") { dir, output, card };
        command.SetAction(parse =>
        {
            string runDir = parse.GetValue(dir)!;
            using LoadedRun loaded = LoadedRun.Open(runDir);
            TrainConfig config = loaded.Config;
            var run = new RunDirectory(runDir);
            RunCard? runCard = ReadCard(run.CardPath);
            if (runCard is not null && runCard.Steps != loaded.Agent.Steps)
            {
                runCard = null; // the card describes another checkpoint
            }
            if (parse.GetValue(card) && runCard is null)
            {
                // Refused before anything is written.
                throw new InvalidDataException($"--card: {run.CardPath} is missing or describes another checkpoint; finish the run first");
            }
            var contract = EnvRegistry.GetContract(config.Env);
            var record = new TrainingRecord(config.Algo.ToString().ToLowerInvariant(), config.Env, contract.EnvVersion, loaded.Agent.Steps,
                                            config.Seed, runCard?.WallSeconds ?? double.NaN, ConfigLoader.Hash(config), runCard?.Evaluation);
            string path = parse.GetValue(output) ?? run.PolicyPath;
            string sha = RunArtefacts.ExportPolicy(loaded.Agent, contract, record, path);
            Console.WriteLine($"wrote {path} (step {loaded.Agent.Steps}, sha256 {sha})");
            if (parse.GetValue(card) && runCard is not null)
            {
                string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path));
                AtomicFile.WriteText(stem + ".card.json", JsonSerializer.Serialize(runCard with { PolicySha256 = sha }, RunArtefacts.CardJson));
                if (File.Exists(run.CurvePath))
                {
                    File.Copy(run.CurvePath, stem + ".curve.png", overwrite: true);
                }
                EpisodeDrawing.Write(config.Env, config.EvalSeed, loaded.Agent.Act, stem + ".episode.png");
                Console.WriteLine($"wrote {stem}.card.json, {stem}.curve.png and {stem}.episode.png");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static RunCard? ReadCard(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<RunCard>(File.ReadAllText(path), RunArtefacts.CardJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a readable run card ({e.Message.Split(" Path:", 2)[0].TrimEnd('.')})", e);
        }
    }
}
