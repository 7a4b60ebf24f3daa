// `drl-train train`: trains a policy with a live progress bar and leaves a complete run directory.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Sim;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Cli;

internal static class TrainCommand
{
    public static Command Create()
    {
        var env = new Option<string?>("--env") { Description = "Environment id (see `drl-train envs`); default lander" };
        var algo = new Option<Algorithm?>("--algo") { Description = "ppo, sac, td3 or dqn; default ppo" };
        var steps = new Option<long?>("--steps") { Description = "Total environment steps" };
        var seed = new Option<ulong?>("--seed") { Description = "Random seed" };
        var envs = new Option<int?>("--envs") { Description = "Parallel environments" };
        var device = new Option<DeviceChoice?>("--device") { Description = "auto, cpu or cuda" };
        var output = new Option<string?>("--out") { Description = "Run directory; default runs/<env>-<algo>-<seed>" };
        var configFile = new Option<string?>("--config") { Description = "JSON file overriding the defaults" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its newest good checkpoint" };
        var randomize = new Option<bool>("--randomize") { Description = "Train under domain randomisation: the config's randomization ranges, or the defaults" };
        var command = new Command("train", "Train a policy; writes config.json, progress.csv, TensorBoard events, checkpoints/, policy.onnx, card.json, curve.png")
        {
            env, algo, steps, seed, envs, device, output, configFile, resume, randomize,
        };
        command.SetAction((parse, cancel) =>
        {
            var overrides = new ConfigOverrides
            {
                Env = parse.GetValue(env),
                Algo = parse.GetValue(algo),
                Steps = parse.GetValue(steps),
                Seed = parse.GetValue(seed),
                NumEnvs = parse.GetValue(envs),
                Device = parse.GetValue(device),
                Randomize = parse.GetValue(randomize) ? true : null,
            };
            return Task.FromResult(Train(parse.GetValue(configFile), overrides, parse.GetValue(output), parse.GetValue(resume), cancel));
        });
        return command;
    }

    /// <summary>
    /// What `drl-train train` does once its options are read (also what a sweep's task runs): trains or resumes, and
    /// returns the exit code; bad input and failures are thrown for <see cref="CliHost"/> to report.
    /// </summary>
    public static int Train(string? configFile, ConfigOverrides overrides, string? outDir, bool resuming, CancellationToken cancel)
    {
        TrainConfig config;
        if (resuming)
        {
            if (outDir is null)
            {
                throw new ArgumentException("--resume needs --out DIR naming the run to continue");
            }
            config = ConfigLoader.ReadResolved(Path.Combine(outDir, "config.json"));
            RefuseChanges(config, configFile, overrides);
            if (overrides.Device is DeviceChoice device)
            {
                // The device is not part of what a checkpoint must match: a CUDA run continues on the CPU and back.
                config = config with { Device = device };
            }
            if (overrides.Steps is long more)
            {
                config = config with { Steps = more };
                config.Validate();
            }
        }
        else
        {
            config = ConfigLoader.Resolve(configFile, overrides);
        }
        if (!EnvRegistry.Ids.Contains(config.Env))
        {
            throw new ArgumentException($"unknown env '{config.Env}'; valid ids: {string.Join(", ", EnvRegistry.Ids)}");
        }
        AgentFactory.CheckFits(config.Algo, EnvRegistry.GetContract(config.Env));
        outDir ??= Path.Combine("runs", $"{config.Env}-{config.Algo.ToString().ToLowerInvariant()}-{config.Seed}");

        var progress = new ConsoleProgress(config.Env, config.Algo.ToString().ToLowerInvariant());
        using var stop = new TrainingStopSignals(progress, cancel);
        TrainingResult result;
        try
        {
            result = new TrainingSession(config, outDir, progress).Run(resuming, stop.Token);
        }
        catch (TrainingDivergedException e)
        {
            throw new CliException(ExitCodes.TrainingDiverged, e.Message, e);
        }
        progress.Finish(result);
        if (result.Interrupted)
        {
            string where = result.Checkpoint is { } file ? $"checkpoint {file}" : "no checkpoint (stopped before the first iteration ended)";
            Console.Error.WriteLine($"{TrainerCli.Tool}: interrupted at step {result.Steps}: {where}; continue with " +
                                    $"`drl-train train --out {outDir} --resume`");
            return stop.ExitCode;
        }
        return result.Steps >= config.Steps ? ExitCodes.Success : ExitCodes.InternalError;
    }

    // A resume continues the run as its config.json says: options that would change it are refused, not ignored.
    private static void RefuseChanges(TrainConfig run, string? configFile, ConfigOverrides overrides)
    {
        TrainConfig asked;
        if (configFile is not null)
        {
            // What the command line set when the run began stays as it was, unless the file or an option sets it now.
            System.Text.Json.Nodes.JsonObject file = ConfigLoader.ReadObject(configFile);
            asked = ConfigLoader.Resolve(configFile, overrides with
            {
                Env = overrides.Env ?? run.Env,
                Algo = overrides.Algo ?? run.Algo,
                Seed = overrides.Seed ?? (file.ContainsKey("seed") ? null : run.Seed),
                NumEnvs = overrides.NumEnvs ?? (file.ContainsKey("num_envs") ? null : run.NumEnvs),
                Device = overrides.Device ?? (file.ContainsKey("device") ? null : run.Device),
                Randomize = overrides.Randomize ?? (run.Randomization is not null && !file.ContainsKey("randomization") ? true : null),
            });
        }
        else
        {
            asked = run with
            {
                Env = overrides.Env ?? run.Env,
                Algo = overrides.Algo ?? run.Algo,
                Seed = overrides.Seed ?? run.Seed,
                NumEnvs = overrides.NumEnvs ?? run.NumEnvs,
                Device = overrides.Device ?? run.Device,
                Randomization = overrides.Randomize == true ? run.Randomization ?? new DrlRobot.Sim.Randomization.DomainRandomization() : run.Randomization,
            };
        }
        IReadOnlyList<string> differences = ConfigLoader.Differences(run, asked);
        if (differences.Count > 0)
        {
            throw new ArgumentException($"--resume continues the run as its config.json says, and what was asked differs: {string.Join(", ", differences)}; " +
                                        "drop those options (only --steps may change), or train a new run with another --out");
        }
    }
}
