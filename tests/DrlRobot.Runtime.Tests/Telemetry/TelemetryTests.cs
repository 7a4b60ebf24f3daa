// Telemetry files: the binary layout documented in TelemetryLayout (magic, JSON header, fixed records), the CSV
// variant, a whole dry run recorded tick by tick, and a full ring dropping records instead of blocking.
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Telemetry;
using DrlRobot.Runtime.Tests.Fakes;
using DrlRobot.Runtime.Tests.Policy;

namespace DrlRobot.Runtime.Tests.Telemetry;

public class TelemetryTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-telemetry-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static (JsonElement Header, byte[][] Records) ReadBinary(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.That(Encoding.ASCII.GetString(bytes, 0, 8), Is.EqualTo("DRLTLM01"));
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        JsonElement header = JsonDocument.Parse(bytes.AsMemory(12, length)).RootElement;
        int recordBytes = header.GetProperty("record_bytes").GetInt32();
        int start = 12 + length;
        Assert.That((bytes.Length - start) % recordBytes, Is.Zero, "whole records only");
        byte[][] records = Enumerable.Range(0, (bytes.Length - start) / recordBytes)
            .Select(i => bytes.AsSpan(start + (i * recordBytes), recordBytes).ToArray()).ToArray();
        return (header, records);
    }

    [Test]
    public void BinaryFile_HasTheDocumentedHeaderAndRecordLayout()
    {
        string path = Path.Combine(_dir, "t.bin");
        var layout = new TelemetryLayout(TestContracts.Small(), 50, realtime: true);
        using (var recorder = new TelemetryRecorder(path, layout))
        {
            recorder.TryRecord(new TelemetryTick(3, 0.06, 0.0601, 12.5f, 4.25f, (uint)(SafetyFlags.Armed | SafetyFlags.Clamped), 2),
                               [0.1f, 9f], [1.5f, -0.5f], [1f, -0.5f]);
        }

        (JsonElement header, byte[][] records) = ReadBinary(path);

        Assert.Multiple(() =>
        {
            Assert.That(header.GetProperty("record_bytes").GetInt32(), Is.EqualTo(40 + (4 * (2 + (2 * 2)))));
            Assert.That(header.GetProperty("env_id").GetString(), Is.EqualTo("test"));
            Assert.That(header.GetProperty("fields").EnumerateArray().Select(f => f.GetString()),
                        Is.EqualTo(new[] { "tick", "time_s", "wall_s", "deadline_error_us", "tick_us", "flags", "episode", "obs.a", "obs.b",
                                           "action.thrust", "action.steer", "command.thrust", "command.steer" }));
            Assert.That(records, Has.Length.EqualTo(1));
            byte[] r = records[0];
            Assert.That(BinaryPrimitives.ReadInt64LittleEndian(r), Is.EqualTo(3));
            Assert.That(BinaryPrimitives.ReadDoubleLittleEndian(r.AsSpan(8)), Is.EqualTo(0.06));
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(r.AsSpan(24)), Is.EqualTo(12.5f));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(r.AsSpan(32)), Is.EqualTo(1 | 4));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(r.AsSpan(36)), Is.EqualTo(2));
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(r.AsSpan(44)), Is.EqualTo(9f), "obs.b");
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(r.AsSpan(48)), Is.EqualTo(1.5f), "action.thrust");
            Assert.That(BinaryPrimitives.ReadSingleLittleEndian(r.AsSpan(56)), Is.EqualTo(1f), "command.thrust");
        });
    }

    [Test]
    public void CsvFile_HasAHeaderLineAndOneLinePerRecord()
    {
        string path = Path.Combine(_dir, "t.csv");
        using (var recorder = TelemetryRecorder.Create(path, TestContracts.Small(), 50, realtime: false))
        {
            for (int i = 0; i < 3; i++)
            {
                recorder.TryRecord(new TelemetryTick(i, i * 0.02, 0, 0, 1.5f, 1, 0), [0.5f, i], [0.25f, 0f], [0.25f, 0f]);
            }
        }

        string[] lines = File.ReadAllLines(path);

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(4));
            Assert.That(lines[0], Is.EqualTo("tick,time_s,wall_s,deadline_error_us,tick_us,flags,episode,obs.a,obs.b,action.thrust,action.steer,command.thrust,command.steer"));
            Assert.That(lines[3], Is.EqualTo("2,0.04,0,0,1.5,1,0,0.5,2,0.25,0,0.25,0"));
        });
    }

    [Test]
    public void DryRun_RecordsOneRecordPerTickWithTheSafetyFlags()
    {
        string path = Path.Combine(_dir, "run.bin");
        using var policy = new OnnxPolicy(TestModels.TinyLander);

        DryRunResult result = DryRun.Run(policy, new DryRunConfig
        {
            Episodes = 2,
            TelemetryPath = path,
            Safety = new SafetyConfig { ArmingSeconds = 0, ObservationMargin = float.PositiveInfinity },
        });
        (JsonElement header, byte[][] records) = ReadBinary(path);
        var layout = new TelemetryLayout(policy.Contract, 50, false);
        var decoded = records.Select(r => layout.Decode(r)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(header.GetProperty("observations").GetArrayLength(), Is.EqualTo(8));
            Assert.That(records, Has.Length.EqualTo(result.Loop.Ticks));
            Assert.That(decoded.Select(d => d.Tick.Tick), Is.EqualTo(Enumerable.Range(0, records.Length).Select(i => (long)i)));
            Assert.That((SafetyFlags)decoded[0].Tick.Flags, Is.EqualTo(SafetyFlags.Arming));
            Assert.That(decoded[0].Command, Is.EqualTo(new[] { 0f, 0f }), "first tick neutral");
            Assert.That(((SafetyFlags)decoded[1].Tick.Flags).HasFlag(SafetyFlags.Armed), Is.True);
            Assert.That(decoded[1].Command, Is.EqualTo(decoded[1].Action), "armed and in range: command = action");
            Assert.That(decoded[^1].Tick.Episode, Is.EqualTo(1));
            Assert.That(decoded[5].Tick.TimeSeconds, Is.EqualTo(0.1).Within(1e-12));
        });
    }

    [Test]
    public void FullRing_DropsAndCountsRecordsInsteadOfBlocking()
    {
        string path = Path.Combine(_dir, "small.bin");
        const int Attempts = 200_000;
        long accepted = 0;
        using (var recorder = TelemetryRecorder.Create(path, TestContracts.Small(), 50, realtime: false, capacity: 4))
        {
            for (int i = 0; i < Attempts; i++)
            {
                accepted += recorder.TryRecord(new TelemetryTick(i, 0, 0, 0, 0, 0, 0), [0f, 0f], [0f, 0f], [0f, 0f]) ? 1 : 0;
            }
            Assert.Multiple(() =>
            {
                Assert.That(recorder.Dropped, Is.GreaterThan(0));
                Assert.That(recorder.Dropped + accepted, Is.EqualTo(Attempts));
            });
        }
        Assert.That(ReadBinary(path).Records, Has.Length.EqualTo(accepted), "every accepted record is written");
    }

    [Test]
    public void UnwritablePath_IsAnIOException()
    {
        string path = Path.Combine(_dir, "missing-dir", "t.bin");
        Assert.That(() => TelemetryRecorder.Create(path, TestContracts.Small(), 50, false), Throws.InstanceOf<IOException>().With.Message.Contains(path));
    }
}
