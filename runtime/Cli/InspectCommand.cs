// `drl-run inspect MODEL [--json]`: what an exported policy expects and commands (its robot contract) and how it was
// trained. The model is loaded and checked against its contract as `sim` and `hw` would, so a file that inspect
// accepts is one they run; a bad file is one line on stderr and exit 2.
using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DrlRobot.Cli;
using DrlRobot.Runtime.Policy;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Cli;

internal static class InspectCommand
{
    /// <summary>The `--json` object: the metadata as stored, with the contract and training record as JSON objects.</summary>
    internal sealed record InspectJson(int Format, JsonElement Contract, JsonElement Training, IReadOnlyList<ModelFile> Files);

    /// <summary>A file the policy is made of (the model, then any external data), with its size and SHA-256.</summary>
    internal sealed record ModelFile(string Path, long Bytes, string Sha256);

    /// <summary>The model file and its external-data files, each hashed: what must travel to the robot together.</summary>
    internal static IReadOnlyList<ModelFile> Files(string path, IReadOnlyList<string> externalData) =>
        [.. new[] { path }.Concat(externalData).Select(file =>
        {
            using FileStream stream = File.OpenRead(file);
            return new ModelFile(file, stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
        })];

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "An ONNX policy written by drl-train export" };
        var json = new Option<bool>("--json") { Description = "Print the metadata as one JSON object (format, contract, training)" };
        var command = new Command("inspect", "Show a policy's robot contract and training record") { model, json };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(model)!;
            PolicyMetadata metadata;
            IReadOnlyList<ModelFile> files;
            using (var policy = new OnnxPolicy(path, warmupRuns: 1))
            {
                metadata = policy.Metadata;
                files = Files(path, policy.ExternalDataPaths);
            }
            if (parse.GetValue(json))
            {
                using JsonDocument contract = JsonDocument.Parse(ContractJson.Serialize(metadata.Contract));
                CliJson.Write(new InspectJson(metadata.FormatVersion, contract.RootElement, metadata.Training, files));
            }
            else
            {
                Print(files, metadata, Console.Out);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The contract and training record as aligned plain-text tables.</summary>
    internal static void Print(IReadOnlyList<ModelFile> files, PolicyMetadata metadata, TextWriter o)
    {
        RobotContract c = metadata.Contract;
        for (int i = 0; i < files.Count; i++)
        {
            o.WriteLine($"{(i == 0 ? "model" : "weights"),-12} {files[i].Path} ({files[i].Bytes:N0} bytes, sha256 {files[i].Sha256})");
        }
        o.WriteLine($"format       {metadata.FormatVersion}");
        o.WriteLine($"environment  {c.EnvId} v{c.EnvVersion}");
        o.WriteLine($"control      {Num(c.ControlHz)} Hz ({Num(c.PeriodSeconds * 1000)} ms period)");
        o.WriteLine($"actions      {c.ActionKind.ToString().ToLowerInvariant()}");

        o.WriteLine();
        o.WriteLine($"observations ({c.Observations.Count})");
        Table(o, ["#", "name", "unit", "low", "high"],
              c.Observations.Select((s, i) => new[] { Num(i), s.Name, s.Unit, Num(s.Low), Num(s.High) }));

        o.WriteLine();
        o.WriteLine($"actuators ({c.Actuators.Count})");
        Table(o, ["#", "name", "kind", "unit", "low", "high", "neutral"],
              c.Actuators.Select((a, i) => new[]
              {
                  Num(i), a.Name, a.Kind.ToString().ToLowerInvariant(), a.Unit, Num(a.Low), Num(a.High), Num(a.Neutral),
              }));

        if (c.DiscreteActions.Count > 0)
        {
            o.WriteLine();
            o.WriteLine($"discrete actions ({c.DiscreteActions.Count})");
            Table(o, ["#", .. c.Actuators.Select(a => a.Name)],
                  c.DiscreteActions.Select((row, i) => new[] { Num(i) }.Concat(row.Select(v => Num(v))).ToArray()));
        }

        o.WriteLine();
        if (!metadata.Training.EnumerateObject().Any())
        {
            o.WriteLine("training     none recorded");
            return;
        }
        o.WriteLine("training");
        Table(o, ["key", "value"], metadata.Training.EnumerateObject().Select(p => new[] { p.Name, Value(p.Value) }));
    }

    private static void Table(TextWriter o, string[] header, IEnumerable<string[]> rows)
    {
        List<string[]> all = [header, .. rows];
        var widths = new int[header.Length];
        foreach (string[] row in all)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        foreach (string[] row in all)
        {
            o.WriteLine("  " + string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    /// <summary>Strings bare, everything else (numbers, nested objects) as compact JSON.</summary>
    private static string Value(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : JsonSerializer.Serialize(value);

    private static string Num(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Num(float value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
