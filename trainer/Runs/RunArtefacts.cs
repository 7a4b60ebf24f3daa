// What a finished run leaves for people: the learning curve, the card with its figures, and the policy file.
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Training;
using ScottPlot;

namespace DrlRobot.Trainer.Runs;

/// <summary>The run's summary card (card.json).</summary>
public sealed record RunCard
{
    /// <summary>Environment id.</summary>
    public required string Env { get; init; }

    /// <summary>Algorithm.</summary>
    public required string Algo { get; init; }

    /// <summary>Environment steps trained.</summary>
    public required long Steps { get; init; }

    /// <summary>Seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Wall time of training, seconds (evaluation excluded).</summary>
    public required double WallSeconds { get; init; }

    /// <summary>The command that reproduces the run.</summary>
    public required string Command { get; init; }

    /// <summary>Hash of the configuration.</summary>
    public required string ConfigHash { get; init; }

    /// <summary>Deterministic evaluation on unseen seeds, on the nominal robot.</summary>
    public EvalResult? Evaluation { get; init; }

    /// <summary>The same evaluation under the run's domain randomisation (runs trained with it only).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public EvalResult? EvaluationRandomized { get; init; }

    /// <summary>SHA-256 of policy.onnx.</summary>
    public string? PolicySha256 { get; init; }

    /// <summary>Where the training time went.</summary>
    public TimeProfile? Profile { get; init; }
}

/// <summary>What the ONNX file's drlrobot.training metadata says about how the policy was made.</summary>
public sealed record TrainingRecord(string Algorithm, string Env, int EnvVersion, long Steps, ulong Seed, double WallSeconds,
                                    string ConfigHash, EvalResult? Evaluation);

/// <summary>Writes card.json and curve.png of a run.</summary>
public sealed class RunArtefacts(RunDirectory run, TrainConfig config)
{
    internal static readonly JsonSerializerOptions CardJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The score that counts as solved, drawn on the curve.</summary>
    public static double SolvedThreshold(string env) => env.StartsWith("lander", StringComparison.Ordinal) ? 200 : env == "pendulum" ? -200 : double.NaN;

    internal void Write(IAgent agent, RobotContract contract, EvalResult? evaluation, double wallSeconds, TimeProfile? profile,
                        EvalResult? randomized = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(contract);
        var record = new TrainingRecord(config.Algo.ToString().ToLowerInvariant(), config.Env, contract.EnvVersion, agent.Steps,
                                        config.Seed, Math.Round(wallSeconds, 1), ConfigLoader.Hash(config), evaluation);
        string sha = ExportPolicy(agent, contract, record, run.PolicyPath);
        var card = new RunCard
        {
            Env = config.Env,
            Algo = config.Algo.ToString().ToLowerInvariant(),
            Steps = agent.Steps,
            Seed = config.Seed,
            WallSeconds = Math.Round(wallSeconds, 1),
            Command = ReproduceCommand(config),
            ConfigHash = ConfigLoader.Hash(config),
            Evaluation = evaluation,
            EvaluationRandomized = randomized,
            PolicySha256 = sha,
            Profile = profile,
        };
        AtomicFile.WriteText(run.CardPath, JsonSerializer.Serialize(card, CardJson));
        WriteCurve(run.ProgressPath, run.CurvePath, $"{config.Env} · {card.Algo} · seed {config.Seed}", SolvedThreshold(config.Env));
        EpisodeDrawing.Write(config.Env, config.EvalSeed, agent.Act, run.EpisodePath);
    }

    /// <summary>
    /// The command that trains <paramref name="config"/> again: the options that differ from the shipped defaults, and
    /// <c>--config config.json</c> (the run's resolved configuration, next to the card) when any other field does.
    /// </summary>
    public static string ReproduceCommand(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string algo = config.Algo.ToString().ToLowerInvariant();
        TrainConfig shipped = ConfigLoader.Resolve(null, new ConfigOverrides { Env = config.Env, Algo = config.Algo });
        var command = new System.Text.StringBuilder().Append(CultureInfo.InvariantCulture,
            $"dotnet run -c Release --project trainer -- train --env {config.Env} --algo {algo} --steps {config.Steps} --seed {config.Seed}");
        int? envs = config.NumEnvs == shipped.NumEnvs ? null : config.NumEnvs;
        DeviceChoice? device = config.Device == shipped.Device ? null : config.Device;
        if (envs is not null) command.Append(CultureInfo.InvariantCulture, $" --envs {envs}");
        if (device is not null) command.Append(CultureInfo.InvariantCulture, $" --device {device.Value.ToString().ToLowerInvariant()}");
        TrainConfig plain = ConfigLoader.Resolve(null, new ConfigOverrides
        {
            Env = config.Env, Algo = config.Algo, Steps = config.Steps, Seed = config.Seed, NumEnvs = envs, Device = device,
        });
        if (ConfigLoader.Hash(plain) != ConfigLoader.Hash(config) || plain.EvalEpisodes != config.EvalEpisodes)
        {
            command.Append(" --config config.json");
        }
        return command.ToString();
    }

    /// <summary>Writes the agent's deterministic policy as ONNX with its contract and training record; returns its SHA-256.</summary>
    internal static string ExportPolicy(IAgent agent, RobotContract contract, TrainingRecord record, string path)
    {
        OnnxPolicyExporter.Write(path, agent.ToPolicyGraph(), contract, JsonSerializer.Serialize(record, CardJson));
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Plots mean_return against step from a progress.csv, with the solved line.</summary>
    public static void WriteCurve(string progressCsv, string pngPath, string title, double threshold) =>
        WriteCurves([("mean return (last 100 episodes)", progressCsv)], pngPath, title, threshold, long.MaxValue);

    /// <summary>Plots the mean_return of several runs on one chart, up to <paramref name="maxSteps"/>.</summary>
    public static void WriteCurves(IReadOnlyList<(string Label, string ProgressCsv)> runs, string pngPath, string title, double threshold, long maxSteps)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var plot = new Plot();
        foreach ((string label, string progressCsv) in runs)
        {
            (double[] steps, double[] returns) = ReadReturns(progressCsv, maxSteps);
            if (steps.Length == 0)
            {
                continue;
            }
            var curve = plot.Add.Scatter(steps, returns);
            curve.MarkerSize = 0;
            curve.LineWidth = 2;
            curve.LegendText = label;
        }
        if (double.IsFinite(threshold))
        {
            var line = plot.Add.HorizontalLine(threshold);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"solved ({threshold:0})";
        }
        plot.Title(title);
        plot.XLabel("environment steps");
        plot.YLabel("episodic return");
        plot.ShowLegend(Alignment.LowerRight);
        byte[] png = plot.GetImageBytes(900, 500, ImageFormat.Png);
        AtomicFile.Write(pngPath, stream => stream.Write(png));
    }

    /// <summary>The step and mean_return columns of a progress.csv up to <paramref name="maxSteps"/>, partial rows left out.</summary>
    internal static (double[] Steps, double[] Returns) ReadReturns(string progressCsv, long maxSteps)
    {
        string[] lines = File.ReadAllLines(progressCsv);
        if (lines.Length < 2)
        {
            return ([], []);
        }
        string[] header = lines[0].Split(',');
        int stepColumn = Array.IndexOf(header, "step"), returnColumn = Array.IndexOf(header, "mean_return");
        if (stepColumn < 0 || returnColumn < 0)
        {
            throw new InvalidDataException($"{progressCsv} is not a progress log: its first line has no step and mean_return columns");
        }
        var steps = new List<double>();
        var returns = new List<double>();
        foreach (string line in lines.Skip(1))
        {
            // A partial last row (a kill, a full disk) is left out, not an error.
            string[] cells = line.Split(',');
            if (cells.Length == header.Length
                && double.TryParse(cells[stepColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double step) && step <= maxSteps
                && double.TryParse(cells[returnColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double r))
            {
                steps.Add(step);
                returns.Add(r);
            }
        }
        return ([.. steps], [.. returns]);
    }
}
