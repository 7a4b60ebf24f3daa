// The workstation reads the runtime's telemetry format (as specified in runtime/Telemetry/TelemetryLayout.cs) and
// plots it; a crash-truncated record is dropped, a foreign file is one clear line.
using System.Buffers.Binary;
using System.Text;
using DrlRobot.Trainer.Cli;
using DrlRobot.Trainer.Telemetry;

namespace DrlRobot.Trainer.Tests.Telemetry;

public class TelemetryPlotTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "drl-tlm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    // Writes a file by the specification: magic, header length, JSON header, 40-byte fixed part + floats per record.
    private string WriteBinary(int ticks, int extraBytes = 0)
    {
        string header = """{"format":1,"env_id":"pendulum","env_version":1,"control_hz":20,"rate_hz":20,"realtime":false,"observations":["cos","sin","rate"],"actuators":["torque"],"record_bytes":60,"fields":[]}""";
        byte[] json = Encoding.UTF8.GetBytes(header);
        using var stream = new MemoryStream();
        stream.Write("DRLTLM01"u8);
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)json.Length);
        stream.Write(word[..4]);
        stream.Write(json);
        var record = new byte[60];
        for (int t = 0; t < ticks; t++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(record, t);
            BinaryPrimitives.WriteDoubleLittleEndian(record.AsSpan(8), t * 0.05);
            BinaryPrimitives.WriteDoubleLittleEndian(record.AsSpan(16), t * 0.05 + 0.001);
            BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(24), 12.5f);
            BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(28), 3.25f);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(32), t == ticks - 1 ? 1u | 512u : 1u);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(36), 0);
            for (int j = 0; j < 5; j++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(40 + 4 * j), t + j / 10f);
            }
            stream.Write(record);
        }
        stream.Write(new byte[extraBytes]);
        string path = Path.Combine(_dir, "run.tlm");
        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }

    [Test]
    public void Binary_IsReadFieldByField_AndAPartialRecordIsDropped()
    {
        TelemetryFile file = TelemetryFile.Read(WriteBinary(ticks: 10, extraBytes: 17));
        Assert.Multiple(() =>
        {
            Assert.That(file.Ticks, Is.EqualTo(10));
            Assert.That(file.EnvId, Is.EqualTo("pendulum"));
            Assert.That(file.Observations, Is.EqualTo(new[] { "cos", "sin", "rate" }));
            Assert.That(file.Columns["time_s"][4], Is.EqualTo(0.2).Within(1e-12));
            Assert.That(file.Columns["tick_us"][3], Is.EqualTo(3.25));
            Assert.That(file.Columns["obs.sin"][7], Is.EqualTo(7.1).Within(1e-5));
            Assert.That(file.Columns["command.torque"][2], Is.EqualTo(2.4).Within(1e-5));
            Assert.That(file.Columns["flags"][9], Is.EqualTo(513));
        });
    }

    [Test]
    public void Csv_IsReadByColumnName()
    {
        string path = Path.Combine(_dir, "run.csv");
        File.WriteAllLines(path,
        [
            "tick,time_s,wall_s,deadline_error_us,tick_us,flags,episode,obs.x,action.main,command.main",
            "0,0,0.001,5,2,1,0,0.5,0.9,0.8",
            "1,0.02,0.021,6,2.5,1,0,0.6,1.2,1",
            "2,0.04,0.04",
        ]);
        TelemetryFile file = TelemetryFile.Read(path);
        Assert.Multiple(() =>
        {
            Assert.That(file.Ticks, Is.EqualTo(2), "the cut-off last line is dropped");
            Assert.That(file.RateHz, Is.EqualTo(50).Within(1e-9));
            Assert.That(file.Actuators, Is.EqualTo(new[] { "main" }));
            Assert.That(file.Columns["command.main"], Is.EqualTo(new[] { 0.8, 1.0 }));
        });
    }

    [Test]
    public void PlotCommand_WritesAPng()
    {
        string path = WriteBinary(ticks: 200);
        string png = Path.Combine(_dir, "plot.png");
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "plot", path, "--out", png);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), stderr);
            Assert.That(File.ReadAllBytes(png).AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        });
    }

    [Test]
    public void PlotCommand_OfAForeignFile_IsOneLineAndExit2()
    {
        string path = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(path, "hello, this is not telemetry");
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "plot", path);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr.Trim(), Does.Contain("not a DrlRobot telemetry file").And.Not.Contain("\n"));
        });
    }

    [TestCase(0x7fffffffu)]
    [TestCase(0xffffffffu)]
    public void PlotCommand_OfAHeaderLengthBeyondTheFile_NamesTheFile_Exit2(uint length)
    {
        string path = WriteBinary(ticks: 5);
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), length);
        File.WriteAllBytes(path, bytes);
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "plot", path);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr.Trim(), Does.Contain(Path.GetFileName(path)).And.Contain("truncated header").And.Not.Contain("\n"));
        });
    }

    [Test]
    public void PlotCommand_IntoAMissingFolder_NamesThePngNotATemporary()
    {
        string png = Path.Combine(_dir, "no-such-folder", "t.png");
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "plot", WriteBinary(ticks: 50), "--out", png);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(3));
            Assert.That(stderr, Does.Contain($"cannot write {png}").And.Not.Contain(".tmp-"));
        });
    }
}
