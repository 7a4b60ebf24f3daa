// Observation statistics a policy trained elsewhere expects its input scaled by — Stable-Baselines3's VecNormalize:
// clip((obs − mean) / sqrt(var + epsilon), −clip_obs, clip_obs) — read from JSON or from NumPy's .npz, so attach can
// bake them into the graph and the robot feeds raw contract-unit observations as it does to every DrlRobot policy.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DrlRobot.Trainer.Attach;

/// <summary>Per-observation mean and variance, the epsilon added to the variance and an optional clip.</summary>
public sealed record ObservationNormalizer(float[] Mean, float[] Var, float Epsilon, float? Clip)
{
    /// <summary>SB3's default epsilon.</summary>
    public const float DefaultEpsilon = 1e-8f;

    /// <summary>
    /// Reads <paramref name="path"/>: a JSON object {"mean": [...], "var": [...], "epsilon": 1e-8, "clip_obs": 10}
    /// (epsilon and clip_obs optional), or an .npz holding arrays mean and var (and optionally scalars epsilon and
    /// clip_obs), as <c>numpy.savez(path, mean=vn.obs_rms.mean, var=vn.obs_rms.var, clip_obs=vn.clip_obs)</c> writes.
    /// </summary>
    public static ObservationNormalizer Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--normalizer: file not found: {path}");
        }
        ObservationNormalizer normalizer = path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) ? ReadNpz(path) : ReadJson(path);
        normalizer.Validate(path);
        return normalizer;
    }

    private void Validate(string path)
    {
        if (Mean.Length == 0 || Mean.Length != Var.Length)
        {
            throw new InvalidDataException($"{path}: mean has {Mean.Length} values and var {Var.Length}; both need one per observation");
        }
        if (Mean.Any(m => !float.IsFinite(m)) || Var.Any(v => !(v >= 0) || !float.IsFinite(v)))
        {
            throw new InvalidDataException($"{path}: mean must be finite and var finite and ≥ 0");
        }
        if (!(Epsilon >= 0) || Clip is { } c && !(c > 0))
        {
            throw new InvalidDataException($"{path}: epsilon must be ≥ 0 and clip_obs > 0");
        }
    }

    private static ObservationNormalizer ReadJson(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = doc.RootElement;
            float[] Floats(string key) => root.TryGetProperty(key, out JsonElement a) && a.ValueKind == JsonValueKind.Array
                ? [.. a.EnumerateArray().Select(e => e.GetSingle())]
                : throw new InvalidDataException($"{path}: needs \"{key}\": a list of numbers, one per observation");
            float epsilon = root.TryGetProperty("epsilon", out JsonElement e) ? e.GetSingle() : DefaultEpsilon;
            float? clip = root.TryGetProperty("clip_obs", out JsonElement c) && c.ValueKind != JsonValueKind.Null ? c.GetSingle() : null;
            return new ObservationNormalizer(Floats("mean"), Floats("var"), epsilon, clip);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not normalizer statistics ({e.Message.Split([" Path:", " LineNumber:"], 2, StringSplitOptions.None)[0].TrimEnd('.', ' ')})", e);
        }
    }

    private static ObservationNormalizer ReadNpz(string path)
    {
        try
        {
            using ZipArchive zip = ZipFile.OpenRead(path);
            double[]? Array(string name) => zip.GetEntry(name + ".npy") is { } entry ? ReadNpy(entry, path) : null;
            double[] mean = Array("mean") ?? throw new InvalidDataException($"{path}: no array 'mean' (save it with numpy.savez(..., mean=..., var=...))");
            double[] var = Array("var") ?? throw new InvalidDataException($"{path}: no array 'var'");
            double[]? epsilon = Array("epsilon"), clip = Array("clip_obs");
            return new ObservationNormalizer([.. mean.Select(v => (float)v)], [.. var.Select(v => (float)v)],
                epsilon is [double eps] ? (float)eps : DefaultEpsilon, clip is [double c] ? (float)c : null);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    // NumPy's .npy: magic, version, header length, a Python-dict header (descr, fortran_order, shape), raw data.
    private static double[] ReadNpy(ZipArchiveEntry entry, string path)
    {
        using var stream = new MemoryStream();
        using (Stream source = entry.Open())
        {
            source.CopyTo(stream);
        }
        byte[] bytes = stream.ToArray();
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(magic))
        {
            throw new InvalidDataException($"{entry.Name} is not a .npy array");
        }
        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int dataStart = (major == 1 ? 10 : 12) + headerLength;
        string header = Encoding.ASCII.GetString(bytes, major == 1 ? 10 : 12, headerLength);
        string descr = Regex.Match(header, @"'descr':\s*'([^']*)'").Groups[1].Value;
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal) && Regex.IsMatch(header, @"'shape':\s*\(\d+\s*,\s*\d+"))
        {
            throw new InvalidDataException($"{entry.Name}: a 2-D Fortran-ordered array; save a 1-D array per statistic");
        }
        int count = (bytes.Length - dataStart) / (descr is "<f8" ? 8 : descr is "<f4" ? 4 : throw new InvalidDataException($"{entry.Name}: dtype {descr}; save float32 or float64 (little-endian)"));
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = descr == "<f8"
                ? BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(dataStart + 8 * i))
                : BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + 4 * i));
        }
        return values;
    }
}
