// `drl-train bench-update`: the cost of one gradient update of a real agent beside its arithmetic floor.
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using DrlRobot.Cli;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Cli;

internal static class BenchUpdateCommand
{
    public static Command Create()
    {
        var algo = new Option<string>("--algo") { Description = "ppo, sac, td3 or dqn", Required = true };
        var env = new Option<string?>("--env") { Description = "Env whose contract sizes the networks (default lander; lander-discrete for dqn)" };
        var hidden = new Option<string?>("--hidden") { Description = "Hidden widths, e.g. 64,64 (default: the env's training defaults)" };
        var batch = new Option<int?>("--batch") { Description = "Samples per update: PPO's minibatch_size, the others' batch_size (default: the training defaults)" };
        var threads = new Option<int>("--threads") { Description = "libtorch threads", DefaultValueFactory = _ => 1 };
        var seconds = new Option<double>("--seconds") { Description = "How long to measure after the warm-up", DefaultValueFactory = _ => 5.0 };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object" };
        var command = new Command("bench-update", "Time one gradient update of an agent and compare it with the arithmetic it does")
        {
            algo, env, hidden, batch, threads, seconds, json,
        };
        command.SetAction(parse =>
        {
            Algorithm algorithm = Enum.TryParse(parse.GetValue(algo), ignoreCase: true, out Algorithm a) && Enum.IsDefined(a)
                ? a : throw new ArgumentException($"--algo must be ppo, sac, td3 or dqn, not '{parse.GetValue(algo)}'");
            double duration = parse.GetValue(seconds);
            if (!(duration > 0 && duration <= 600))
            {
                throw new ArgumentOutOfRangeException("--seconds", duration, "--seconds must be in (0, 600]");
            }
            TrainConfig config = ConfigLoader.Resolve(Overrides(algorithm, parse.GetValue(hidden), parse.GetValue(batch), parse.GetValue(threads)),
                "bench-update", new ConfigOverrides { Env = parse.GetValue(env) ?? (algorithm == Algorithm.Dqn ? "lander-discrete" : "lander"), Algo = algorithm });
            UpdateBenchResult result = UpdateBenchmark.Run(config, duration);
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Algo} on {result.Env}, hidden [{string.Join(", ", result.Hidden)}], batch {result.Batch}, {result.Threads} thread(s): " +
                    $"{result.MillisecondsPerUpdate:0.000} ms per update ({result.MicrosecondsPerSample:0.00} µs per sample, {result.Updates:N0} updates timed)"));
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"arithmetic {result.MegaflopsPerUpdate:0.00} MFLOP per update; at {result.MachineGflops:0.0} GFLOP/s (a 1024³ matrix product here) the floor is " +
                    $"{result.FloorMilliseconds:0.000} ms: the update takes {result.RatioToFloor:0.0}× its floor"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    // The command's choices as a config object, validated by the trainer's own loader (so a bad --hidden reads as in a config file).
    private static JsonObject Overrides(Algorithm algorithm, string? hidden, int? batch, int threads)
    {
        string section = algorithm.ToString().ToLowerInvariant();
        var algoKeys = new JsonObject();
        if (hidden is not null)
        {
            var widths = new JsonArray();
            foreach (string part in hidden.Split(',', StringSplitOptions.TrimEntries))
            {
                widths.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int w)
                    ? w : throw new ArgumentException($"--hidden must be widths separated by commas, e.g. 64,64, not '{hidden}'"));
            }
            algoKeys["hidden"] = widths;
        }
        if (batch is int size)
        {
            algoKeys[algorithm == Algorithm.Ppo ? "minibatch_size" : "batch_size"] = size;
        }
        if (algorithm == Algorithm.Ppo)
        {
            algoKeys["target_kl"] = 0; // every epoch runs, so the updates per iteration are what the config says
        }
        else
        {
            algoKeys["learning_starts"] = Math.Max(batch ?? 256, 1000); // updates begin soon; the buffer holds a batch
        }
        return new JsonObject { [section] = algoKeys, ["torch_threads"] = threads };
    }
}
