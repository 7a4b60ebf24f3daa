// The telemetry file format, one record per control tick. This comment is the specification the plotter reads.
//
// Binary (any file name not ending in .csv), all little-endian:
//   bytes 0-7    magic, ASCII "DRLTLM01" (the last two digits are the format version)
//   bytes 8-11   uint32 H, the length in bytes of the header that follows
//   bytes 12..   header: H bytes of UTF-8 JSON, one object:
//                  {"format":1, "env_id":"lander", "env_version":1, "control_hz":50, "rate_hz":50, "realtime":false,
//                   "observations":["x",...], "actuators":["main",...], "record_bytes":R,
//                   "fields":["tick","time_s",...]}   (fields: the column names below, in order)
//   then records of exactly R = 40 + 4·(n_obs + 2·n_act) bytes each, until the end of the file:
//     offset 0   int64    tick              tick index since the start (skipped ticks are counted, not written)
//     offset 8   float64  time_s            control time: tick × period, seconds
//     offset 16  float64  wall_s            wall clock since the start of the run, seconds
//     offset 24  float32  deadline_error_us how late the tick woke after its deadline (0 when not paced)
//     offset 28  float32  tick_us           sense → command duration of this tick
//     offset 32  uint32   flags             SafetyFlags bits: 1 armed, 2 arming, 4 clamped, 8 slew_limited,
//                                           16 non_finite_action, 32 non_finite_observation,
//                                           64 observation_out_of_range, 128 stale_input, 256 kill_switch,
//                                           512 latched, 1024 overrun (ticks were skipped just before this one)
//     offset 36  uint32   episode           simulator episode index (0 on hardware)
//     offset 40  float32[n_obs]  obs.NAME       the observation the policy saw, contract units
//     then       float32[n_act]  action.NAME    the policy's raw action
//     then       float32[n_act]  command.NAME   what was sent to the outputs after the supervisor
//   A file cut short by a crash ends with a partial record; readers drop it.
//
// CSV (file name ending in .csv): one header line with the same column names (obs.x, action.main, command.main, …),
// then one line per record, invariant culture, '.' decimal point, flags as a decimal integer.
using System.Buffers.Binary;
using System.Text.Json;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Telemetry;

/// <summary>The fixed part of one telemetry record.</summary>
/// <param name="Tick">Tick index.</param>
/// <param name="TimeSeconds">Control time.</param>
/// <param name="WallSeconds">Wall clock since the start.</param>
/// <param name="DeadlineErrorMicroseconds">Lateness of the wake-up.</param>
/// <param name="TickMicroseconds">Sense → command duration.</param>
/// <param name="Flags">SafetyFlags bits.</param>
/// <param name="Episode">Simulator episode.</param>
public readonly record struct TelemetryTick(long Tick, double TimeSeconds, double WallSeconds, float DeadlineErrorMicroseconds,
                                            float TickMicroseconds, uint Flags, uint Episode);

/// <summary>Record layout for one contract, and the file header.</summary>
public sealed class TelemetryLayout
{
    /// <summary>The file's first 8 bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "DRLTLM01"u8;

    /// <summary>Format version in the header.</summary>
    public const int Version = 1;

    /// <summary>Bytes before the observation values.</summary>
    public const int FixedBytes = 40;

    /// <summary>Column names of the fixed part.</summary>
    public static IReadOnlyList<string> FixedFields { get; } = ["tick", "time_s", "wall_s", "deadline_error_us", "tick_us", "flags", "episode"];

    /// <param name="contract">Supplies the observation and actuator names.</param>
    /// <param name="rateHz">The loop rate.</param>
    /// <param name="realtime">Whether ticks were paced by the wall clock.</param>
    public TelemetryLayout(RobotContract contract, double rateHz, bool realtime)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Contract = contract;
        RateHz = rateHz;
        Realtime = realtime;
        ObservationCount = contract.Observations.Count;
        ActuatorCount = contract.Actuators.Count;
        RecordBytes = FixedBytes + (4 * (ObservationCount + (2 * ActuatorCount)));
        Fields =
        [
            .. FixedFields,
            .. contract.Observations.Select(o => "obs." + o.Name),
            .. contract.Actuators.Select(a => "action." + a.Name),
            .. contract.Actuators.Select(a => "command." + a.Name),
        ];
    }

    /// <summary>The contract recorded.</summary>
    public RobotContract Contract { get; }

    /// <summary>Loop rate.</summary>
    public double RateHz { get; }

    /// <summary>Paced or free-running.</summary>
    public bool Realtime { get; }

    /// <summary>Observations per record.</summary>
    public int ObservationCount { get; }

    /// <summary>Actuators per record (twice: action and command).</summary>
    public int ActuatorCount { get; }

    /// <summary>Bytes per binary record.</summary>
    public int RecordBytes { get; }

    /// <summary>All column names, in record order.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Magic, header length and header JSON, as written at the start of a binary file.</summary>
    public byte[] BinaryHeader()
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["format"] = Version,
            ["env_id"] = Contract.EnvId,
            ["env_version"] = Contract.EnvVersion,
            ["control_hz"] = Contract.ControlHz,
            ["rate_hz"] = RateHz,
            ["realtime"] = Realtime,
            ["observations"] = Contract.Observations.Select(o => o.Name).ToArray(),
            ["actuators"] = Contract.Actuators.Select(a => a.Name).ToArray(),
            ["record_bytes"] = RecordBytes,
            ["fields"] = Fields,
        });
        var header = new byte[12 + json.Length];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)json.Length);
        json.CopyTo(header, 12);
        return header;
    }

    /// <summary>The CSV header line.</summary>
    public string CsvHeader() => string.Join(',', Fields) + "\n";

    /// <summary>Encodes one record into <paramref name="destination"/> (exactly <see cref="RecordBytes"/> long). Allocates nothing.</summary>
    public void Encode(Span<byte> destination, in TelemetryTick tick, ReadOnlySpan<float> observation, ReadOnlySpan<float> action,
                       ReadOnlySpan<float> command)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, tick.Tick);
        BinaryPrimitives.WriteDoubleLittleEndian(destination[8..], tick.TimeSeconds);
        BinaryPrimitives.WriteDoubleLittleEndian(destination[16..], tick.WallSeconds);
        BinaryPrimitives.WriteSingleLittleEndian(destination[24..], tick.DeadlineErrorMicroseconds);
        BinaryPrimitives.WriteSingleLittleEndian(destination[28..], tick.TickMicroseconds);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], tick.Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[36..], tick.Episode);
        int offset = FixedBytes;
        offset = WriteFloats(destination, offset, observation, ObservationCount);
        offset = WriteFloats(destination, offset, action, ActuatorCount);
        WriteFloats(destination, offset, command, ActuatorCount);
    }

    /// <summary>Decodes one binary record (for readers and tests).</summary>
    public (TelemetryTick Tick, float[] Observation, float[] Action, float[] Command) Decode(ReadOnlySpan<byte> record)
    {
        var tick = new TelemetryTick(
            BinaryPrimitives.ReadInt64LittleEndian(record),
            BinaryPrimitives.ReadDoubleLittleEndian(record[8..]),
            BinaryPrimitives.ReadDoubleLittleEndian(record[16..]),
            BinaryPrimitives.ReadSingleLittleEndian(record[24..]),
            BinaryPrimitives.ReadSingleLittleEndian(record[28..]),
            BinaryPrimitives.ReadUInt32LittleEndian(record[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(record[36..]));
        int obsAt = FixedBytes, actAt = obsAt + (4 * ObservationCount), cmdAt = actAt + (4 * ActuatorCount);
        return (tick, ReadFloats(record, obsAt, ObservationCount), ReadFloats(record, actAt, ActuatorCount), ReadFloats(record, cmdAt, ActuatorCount));
    }

    /// <summary>Formats one binary record as a CSV line (UTF-8, with the newline) into <paramref name="line"/>; returns the bytes written.</summary>
    public int FormatCsv(ReadOnlySpan<byte> record, Span<byte> line)
    {
        int n = 0;
        void Append(ReadOnlySpan<byte> text, Span<byte> into)
        {
            text.CopyTo(into[n..]);
            n += text.Length;
        }
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        BinaryPrimitives.ReadInt64LittleEndian(record).TryFormat(line, out int w, default, culture);
        n += w;
        Append(","u8, line);
        BinaryPrimitives.ReadDoubleLittleEndian(record[8..]).TryFormat(line[n..], out w, "R", culture);
        n += w;
        Append(","u8, line);
        BinaryPrimitives.ReadDoubleLittleEndian(record[16..]).TryFormat(line[n..], out w, "R", culture);
        n += w;
        for (int offset = 24; offset < 32; offset += 4)
        {
            Append(","u8, line);
            BinaryPrimitives.ReadSingleLittleEndian(record[offset..]).TryFormat(line[n..], out w, "R", culture);
            n += w;
        }
        for (int offset = 32; offset < 40; offset += 4)
        {
            Append(","u8, line);
            BinaryPrimitives.ReadUInt32LittleEndian(record[offset..]).TryFormat(line[n..], out w, default, culture);
            n += w;
        }
        for (int offset = FixedBytes; offset < RecordBytes; offset += 4)
        {
            Append(","u8, line);
            BinaryPrimitives.ReadSingleLittleEndian(record[offset..]).TryFormat(line[n..], out w, "R", culture);
            n += w;
        }
        Append("\n"u8, line);
        return n;
    }

    /// <summary>Bytes a CSV line may need at most.</summary>
    public int MaxCsvLineBytes => 32 * (Fields.Count + 1);

    private static float[] ReadFloats(ReadOnlySpan<byte> record, int offset, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(record[(offset + (4 * i))..]);
        }
        return values;
    }

    private static int WriteFloats(Span<byte> destination, int offset, ReadOnlySpan<float> values, int count)
    {
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[offset..], values[i]);
            offset += 4;
        }
        return offset;
    }
}
