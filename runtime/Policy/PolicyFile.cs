// Opens an exported policy file and reads its DrlRobot metadata, turning every way a file can be wrong (missing,
// empty, truncated, not ONNX, no or broken metadata) into one InvalidDataException line that names the file.
using System.Globalization;
using System.Text.Json;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Policy;

/// <summary>Reads DrlRobot ONNX policy files.</summary>
public static class PolicyFile
{
    /// <summary>The newest drlrobot.format this runtime understands.</summary>
    public const int SupportedFormat = 1;

    /// <summary>Metadata key of the format version.</summary>
    public const string FormatKey = "drlrobot.format";

    /// <summary>Metadata key of the robot contract (JSON).</summary>
    public const string ContractKey = "drlrobot.contract";

    /// <summary>Metadata key of the training record (JSON object).</summary>
    public const string TrainingKey = "drlrobot.training";

    /// <summary>Reads and checks the metadata of the policy at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">One line naming the file and what is wrong with it.</exception>
    public static PolicyMetadata ReadMetadata(string path) => Parse(ReadBytes(path), path);

    /// <summary>The file's bytes; a missing, unreadable or empty file is an <see cref="InvalidDataException"/>.</summary>
    internal static byte[] ReadBytes(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataException($"{path}: no such model file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the model: {OneLine(e.Message)}", e);
        }
        if (bytes.Length == 0)
        {
            throw new InvalidDataException($"{path}: empty file, not an ONNX model");
        }
        return bytes;
    }

    /// <summary>Checks <paramref name="model"/> is an ONNX model with valid DrlRobot metadata; <paramref name="label"/> names it in errors.</summary>
    internal static PolicyMetadata Parse(ReadOnlySpan<byte> model, string label)
    {
        OnnxModelSummary summary;
        try
        {
            summary = OnnxModelScanner.Scan(model);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{label}: not a valid ONNX model: {e.Message}", e);
        }

        if (!summary.Metadata.TryGetValue(FormatKey, out string? formatText))
        {
            throw new InvalidDataException(
                $"{label}: an ONNX model without DrlRobot metadata (no {FormatKey}); export policies with drl-train export, or give one trained elsewhere a contract with drl-train attach");
        }
        if (!int.TryParse(formatText, NumberStyles.None, CultureInfo.InvariantCulture, out int format) || format < 1)
        {
            throw new InvalidDataException($"{label}: {FormatKey} is '{OneLine(formatText)}', not a format version");
        }
        if (format > SupportedFormat)
        {
            throw new InvalidDataException(
                $"{label}: {FormatKey} {format} is newer than this drl-run understands ({SupportedFormat}); update drl-run");
        }

        RobotContract contract;
        try
        {
            contract = ContractJson.Deserialize(Require(summary, ContractKey, label));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{label}: {ContractKey}: {OneLine(e.Message)}", e);
        }

        // The training record is for people: a policy trained elsewhere may carry none, and flies the same.
        string trainingJson = summary.Metadata.TryGetValue(TrainingKey, out string? recorded) ? recorded : "{}";
        JsonElement training;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(trainingJson);
            training = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{label}: {TrainingKey} is not valid JSON: {OneLine(e.Message)}", e);
        }
        if (training.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{label}: {TrainingKey} must be a JSON object, not {training.ValueKind}");
        }

        return new PolicyMetadata
        {
            FormatVersion = format, Contract = contract, TrainingJson = trainingJson, Training = training, ExternalDataFiles = summary.ExternalDataFiles,
        };
    }

    /// <summary>
    /// The full paths of the model's external-data files, each checked to lie in the model's own folder (or below it)
    /// and to exist, or one line naming the file that does not.
    /// </summary>
    public static IReadOnlyList<string> ExternalDataPaths(string modelPath, PolicyMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        string folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var paths = new List<string>();
        foreach (string location in metadata.ExternalDataFiles)
        {
            string full = Path.GetFullPath(Path.Combine(folder, location));
            if (Path.IsPathRooted(location) || !full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{modelPath}: its weights are in external data '{OneLine(location)}', outside the model's folder; keep the data file beside the model");
            }
            if (!File.Exists(full))
            {
                throw new InvalidDataException($"{modelPath}: its weights are in the external-data file {location}, which is not in {folder}; copy it beside the model");
            }
            paths.Add(full);
        }
        return paths;
    }

    private static string Require(OnnxModelSummary summary, string key, string label) =>
        summary.Metadata.TryGetValue(key, out string? value)
            ? value
            : throw new InvalidDataException($"{label}: DrlRobot metadata lacks {key} (drl-train export writes it with {FormatKey} and {TrainingKey})");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
