// Reads the runtime's per-tick telemetry (binary "DRLTLM01" or CSV), as specified in
// runtime/Telemetry/TelemetryLayout.cs, into columns for plotting on the workstation.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DrlRobot.Trainer.Telemetry;

/// <summary>A telemetry recording: one array of values per field, one entry per tick.</summary>
public sealed class TelemetryFile
{
    private static readonly byte[] Magic = "DRLTLM01"u8.ToArray();
    private static readonly string[] FixedFields = ["tick", "time_s", "wall_s", "deadline_error_us", "tick_us", "flags", "episode"];

    private TelemetryFile(string envId, double rateHz, IReadOnlyList<string> observations, IReadOnlyList<string> actuators,
                          Dictionary<string, double[]> columns)
    {
        EnvId = envId;
        RateHz = rateHz;
        Observations = observations;
        Actuators = actuators;
        Columns = columns;
    }

    /// <summary>Environment id of the contract that was run.</summary>
    public string EnvId { get; }

    /// <summary>Loop rate.</summary>
    public double RateHz { get; }

    /// <summary>Observation names, in order.</summary>
    public IReadOnlyList<string> Observations { get; }

    /// <summary>Actuator names, in order.</summary>
    public IReadOnlyList<string> Actuators { get; }

    /// <summary>Values by field name (tick, time_s, …, obs.NAME, action.NAME, command.NAME).</summary>
    public IReadOnlyDictionary<string, double[]> Columns { get; }

    /// <summary>Number of ticks recorded.</summary>
    public int Ticks => Columns["tick"].Length;

    /// <summary>Reads a binary or CSV telemetry file; a malformed one is one <see cref="InvalidDataException"/> line.</summary>
    public static TelemetryFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"telemetry file not found: {path}");
        }
        return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path) : ReadBinary(path);
    }

    private static TelemetryFile ReadBinary(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string name = Path.GetFileName(path);
        if (bytes.Length < 12 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{name} is not a DrlRobot telemetry file (no DRLTLM01 header)");
        }
        long declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (declared <= 0 || 12 + declared > bytes.Length)
        {
            throw new InvalidDataException($"{name}: truncated header (it declares {declared} bytes, the file holds {bytes.Length - 12} after the magic)");
        }
        int headerLength = (int)declared;
        JsonElement header;
        string[] observations, actuators;
        int recordBytes;
        try
        {
            header = JsonDocument.Parse(bytes.AsMemory(12, headerLength)).RootElement.Clone();
            observations = header.GetProperty("observations").EnumerateArray().Select(e => e.GetString()!).ToArray();
            actuators = header.GetProperty("actuators").EnumerateArray().Select(e => e.GetString()!).ToArray();
            recordBytes = header.GetProperty("record_bytes").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{name}: malformed header: {e.Message}", e);
        }
        int expected = 40 + 4 * (observations.Length + 2 * actuators.Length);
        if (recordBytes != expected)
        {
            throw new InvalidDataException($"{name}: record_bytes {recordBytes} does not match {observations.Length} observations and {actuators.Length} actuators");
        }
        string[] fields = [.. FixedFields, .. observations.Select(o => "obs." + o), .. actuators.Select(a => "action." + a), .. actuators.Select(a => "command." + a)];
        int records = (bytes.Length - 12 - headerLength) / recordBytes; // a partial last record (a crash) is dropped
        var columns = fields.ToDictionary(f => f, _ => new double[records]);
        for (int r = 0; r < records; r++)
        {
            ReadOnlySpan<byte> rec = bytes.AsSpan(12 + headerLength + r * recordBytes, recordBytes);
            columns["tick"][r] = BinaryPrimitives.ReadInt64LittleEndian(rec);
            columns["time_s"][r] = BinaryPrimitives.ReadDoubleLittleEndian(rec[8..]);
            columns["wall_s"][r] = BinaryPrimitives.ReadDoubleLittleEndian(rec[16..]);
            columns["deadline_error_us"][r] = BinaryPrimitives.ReadSingleLittleEndian(rec[24..]);
            columns["tick_us"][r] = BinaryPrimitives.ReadSingleLittleEndian(rec[28..]);
            columns["flags"][r] = BinaryPrimitives.ReadUInt32LittleEndian(rec[32..]);
            columns["episode"][r] = BinaryPrimitives.ReadUInt32LittleEndian(rec[36..]);
            for (int j = FixedFields.Length; j < fields.Length; j++)
            {
                columns[fields[j]][r] = BinaryPrimitives.ReadSingleLittleEndian(rec[(40 + 4 * (j - FixedFields.Length))..]);
            }
        }
        double rate = header.TryGetProperty("rate_hz", out JsonElement r0) ? r0.GetDouble() : double.NaN;
        string env = header.TryGetProperty("env_id", out JsonElement e0) ? e0.GetString() ?? "" : "";
        return new TelemetryFile(env, rate, observations, actuators, columns);
    }

    private static TelemetryFile ReadCsv(string path)
    {
        string name = Path.GetFileName(path);
        string[] lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0)
        {
            throw new InvalidDataException($"{name} is empty");
        }
        string[] fields = lines[0].Split(',');
        if (!FixedFields.All(fields.Contains))
        {
            throw new InvalidDataException($"{name} lacks the telemetry columns ({string.Join(", ", FixedFields)})");
        }
        var rows = new List<double[]>();
        foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
        {
            string[] cells = line.Split(',');
            if (cells.Length != fields.Length)
            {
                break; // a line cut short by a crash ends the recording
            }
            rows.Add(cells.Select(c => double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray());
        }
        var columns = new Dictionary<string, double[]>();
        for (int j = 0; j < fields.Length; j++)
        {
            columns[fields[j]] = rows.Select(r => r[j]).ToArray();
        }
        string[] observations = fields.Where(f => f.StartsWith("obs.", StringComparison.Ordinal)).Select(f => f[4..]).ToArray();
        string[] actuators = fields.Where(f => f.StartsWith("action.", StringComparison.Ordinal)).Select(f => f[7..]).ToArray();
        double[] time = columns["time_s"];
        double rate = time.Length > 1 && time[1] > time[0] ? 1.0 / (time[1] - time[0]) : double.NaN;
        return new TelemetryFile("", rate, observations, actuators, columns);
    }
}
