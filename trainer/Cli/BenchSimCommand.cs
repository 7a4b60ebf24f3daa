// `drl-train bench-sim`: how many simulator steps per second this machine makes, for the README's benchmark table.
using System.CommandLine;
using System.Globalization;
using DrlRobot.Cli;
using DrlRobot.Sim;
using DrlRobot.Sim.Bench;

namespace DrlRobot.Trainer.Cli;

internal static class BenchSimCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = $"Environment id: {string.Join(", ", EnvRegistry.Ids)}", Required = true };
        var envs = new Option<int>("--envs") { Description = "Envs stepped together", DefaultValueFactory = _ => 256 };
        var threads = new Option<int>("--threads") { Description = "Worker threads", DefaultValueFactory = _ => 1 };
        var seconds = new Option<double>("--seconds") { Description = "How long to measure", DefaultValueFactory = _ => 5.0 };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object" };
        var command = new Command("bench-sim", "Measure simulator throughput in env steps per second under random actions")
        {
            env, envs, threads, seconds, json,
        };
        command.SetAction(parse =>
        {
            int numEnvs = parse.GetValue(envs), numThreads = parse.GetValue(threads);
            if (numEnvs < 1)
            {
                throw new ArgumentOutOfRangeException("--envs", numEnvs, "--envs must be at least 1");
            }
            if (numThreads is < 1 or > EnvOptions.MaxThreads)
            {
                throw new ArgumentOutOfRangeException("--threads", numThreads, $"--threads must be between 1 and {EnvOptions.MaxThreads}");
            }
            BenchResult result = SimBenchmark.Run(parse.GetValue(env)!, numEnvs, numThreads, parse.GetValue(seconds));
            if (parse.GetValue(json))
            {
                CliJson.Write(result);
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Env}: {result.StepsPerSecond:N0} steps/s ({result.NumEnvs} envs, {result.Threads} threads, {result.Steps:N0} steps in {result.Seconds:F2} s)"));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
