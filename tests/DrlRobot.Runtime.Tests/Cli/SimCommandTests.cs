// `drl-run sim` and `drl-run bench` end to end: JSON keys, exit 2 for bad models and contract mismatches (naming the
// field), exit 4 with the reason for a safety stop, and SIGTERM to a real drl-run process ending with neutral outputs.
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DrlRobot.Runtime.Cli;
using DrlRobot.Runtime.Telemetry;
using DrlRobot.Runtime.Tests.Policy;

namespace DrlRobot.Runtime.Tests.Cli;

public class SimCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-sim-cli-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string RelaxedSafety()
    {
        string path = Path.Combine(_dir, "safety.json");
        File.WriteAllText(path, """{ "arming_seconds": 0, "observation_margin": "Infinity" }""");
        return path;
    }

    [Test]
    public void SimJson_PrintsOneObjectWithTheDocumentedKeys()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLander, "--episodes", "2",
                                                                       "--seed", "4", "--safety", RelaxedSafety(), "--json");

        Assert.That(code, Is.Zero, stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("env").GetString(), Is.EqualTo("lander"));
            Assert.That(root.GetProperty("episodes").GetInt32(), Is.EqualTo(2));
            foreach (string key in new[] { "mean_return", "std_return", "success_rate", "mean_length" })
            {
                Assert.That(root.GetProperty(key).ValueKind, Is.EqualTo(JsonValueKind.Number), key);
            }
            JsonElement loop = root.GetProperty("loop");
            Assert.That(loop.GetProperty("rate_hz").GetDouble(), Is.EqualTo(50));
            foreach (string key in new[] { "p50_us", "p99_us", "overruns" })
            {
                Assert.That(loop.GetProperty(key).ValueKind, Is.EqualTo(JsonValueKind.Number), key);
            }
            Assert.That(root.GetProperty("stop_reason").GetString(), Is.EqualTo("completed"));
        });
    }

    [Test]
    public void Telemetry_OnAFullDisk_StillPrintsTheRun_ThenOneLineAndExit3()
    {
        // /dev/full answers every write with ENOSPC, as a full SD card does.
        if (!File.Exists("/dev/full"))
        {
            Assert.Inconclusive("no /dev/full on this system");
        }
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLander, "--episodes", "1",
                                                                       "--safety", RelaxedSafety(), "--telemetry", "/dev/full", "--json");
        using JsonDocument doc = JsonDocument.Parse(stdout);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(3));
            Assert.That(doc.RootElement.GetProperty("episodes").GetInt32(), Is.EqualTo(1), "the run's result is not lost with its log");
            Assert.That(doc.RootElement.GetProperty("telemetry_error").GetString(), Does.Contain("/dev/full").And.Contain("No space left"));
            Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
            Assert.That(stderr, Does.StartWith("drl-run: error: telemetry /dev/full is incomplete"));
        });
    }

    [Test]
    public void Telemetry_WhereNoFileCanBeCreated_IsExit3_LikeEveryUnwritablePath()
    {
        (int code, _, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLander, "--episodes", "1", "--telemetry", "/proc/drl-telemetry.bin");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(3), stderr);
            Assert.That(stderr, Does.Contain("cannot create /proc/drl-telemetry.bin"));
        });
    }

    [Test]
    public void SimText_PrintsTheSummary()
    {
        (int code, string stdout, _) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLander, "--episodes", "1", "--safety", RelaxedSafety());

        Assert.That(code, Is.Zero);
        Assert.That(stdout, Does.Contain("env           lander").And.Contain("stop          completed"));
    }

    [Test]
    public void MissingModel_Exits2WithOneLine()
    {
        (int code, _, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", Path.Combine(_dir, "nope.onnx"));

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void ContractMismatch_Exits2NamingTheField()
    {
        byte[] model = File.ReadAllBytes(TestModels.TinyLander);
        byte[] from = Encoding.UTF8.GetBytes("\"name\":\"angle\""), to = Encoding.UTF8.GetBytes("\"name\":\"angel\"");
        int at = model.AsSpan().IndexOf(from);
        Assert.That(at, Is.GreaterThan(0), "set-up: the contract names 'angle'");
        to.CopyTo(model, at);
        string path = Path.Combine(_dir, "renamed.onnx");
        File.WriteAllBytes(path, model);

        (int code, _, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", path);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), stderr);
            Assert.That(stderr, Does.Contain("contract mismatch").And.Contain("observations[4].name").And.Contain("'angel'"));
        });
    }

    [Test]
    public void KillFile_GivesASafetyStopExit4WithTheReason()
    {
        string kill = Path.Combine(_dir, "stop");
        File.WriteAllText(kill, "");

        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLander, "--kill-file", kill, "--json");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(4));
            Assert.That(stderr, Does.Contain("safety stop: kill_switch"));
            Assert.That(JsonDocument.Parse(stdout).RootElement.GetProperty("stop_reason").GetString(), Is.EqualTo("kill_switch"));
        });
    }

    [Test]
    public void BadSafetyFile_Exits2NamingTheKey()
    {
        string path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, """{ "arming_secs": 1 }""");

        (int code, _, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLander, "--safety", path);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("arming_secs"));
    }

    [Test]
    public void BenchJson_ReportsLatencyZeroAllocationAndTheNaiveRatio()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "bench", TestModels.TinyLander, "--iterations", "2000", "--json");

        Assert.That(code, Is.Zero, stderr);
        JsonElement root = JsonDocument.Parse(stdout).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("iterations").GetInt64(), Is.EqualTo(2000));
            foreach (string key in new[] { "p50_us", "p99_us", "p999_us", "max_us", "naive_p50_ratio" })
            {
                Assert.That(root.GetProperty(key).GetDouble(), Is.GreaterThan(0), key);
            }
            Assert.That(root.GetProperty("allocated_bytes_per_step").GetDouble(), Is.Zero);
            Assert.That(root.GetProperty("naive").GetProperty("allocated_bytes_per_step").GetDouble(), Is.GreaterThan(0));
        });
    }

    [Test]
    public void SigTerm_EndsARealtimeRunWithNeutralOutputsAndExit0()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("sends a POSIX signal with kill(1); Linux only");
        }
        string dll = Path.Combine(AppContext.BaseDirectory, "drl-run.dll");
        string telemetry = Path.Combine(_dir, "run.bin");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "sim", TestModels.TinyLander, "--realtime", "--episodes", "1000", "--telemetry", telemetry, "--safety", RelaxedSafety() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        try
        {
            // Wait until the loop is running and its telemetry reaches the file.
            var deadline = Stopwatch.StartNew();
            while ((!File.Exists(telemetry) || new FileInfo(telemetry).Length < 4096) && deadline.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                Thread.Sleep(50);
            }
            Assert.That(process.HasExited, Is.False, "set-up: drl-run is running");
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.That(process.WaitForExit(30_000), Is.True, "drl-run exits after SIGTERM");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        string stdout = process.StandardOutput.ReadToEnd();

        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.Zero, process.StandardError.ReadToEnd());
            Assert.That(stdout, Does.Contain("stop          signal"));
        });
        // The last tick recorded is the one that saw the signal: latched, and it commanded neutral.
        byte[] bytes = File.ReadAllBytes(telemetry);
        int headerLength = 12 + (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        var layout = new TelemetryLayout(PolicyFileContract(), 50, true);
        var last = layout.Decode(bytes.AsSpan(bytes.Length - layout.RecordBytes));
        Assert.Multiple(() =>
        {
            Assert.That((bytes.Length - headerLength) % layout.RecordBytes, Is.Zero);
            Assert.That(((DrlRobot.Runtime.Safety.SafetyFlags)last.Tick.Flags).HasFlag(DrlRobot.Runtime.Safety.SafetyFlags.Latched), Is.True);
            Assert.That(last.Command, Is.EqualTo(new[] { 0f, 0f }));
        });
    }

    private static DrlRobot.Sim.Contracts.RobotContract PolicyFileContract() => DrlRobot.Runtime.Policy.PolicyFile.ReadMetadata(TestModels.TinyLander).Contract;
}
