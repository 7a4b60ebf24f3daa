// Compiles the firmware's portable C++ with g++ (under the address and undefined-behaviour sanitizers, so an
// out-of-bounds access on the board's fixed buffers fails here) and holds it to the shared vectors, its own rule
// checks, a step-by-step trace comparison with the C# device state machine, and a fuzz.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Link;

[NonParallelizable]
public class FirmwareHostTests
{
    private static readonly string FirmwareDir = Path.Combine(TestPaths.RepoRoot, "hardware", "firmware");
    private string _workDir = null!;
    private string _binary = null!;
    private string _sketchBinary = null!;

    [OneTimeSetUp]
    public void CompileHostTest()
    {
        _workDir = Directory.CreateTempSubdirectory("drl-link-firmware-").FullName;
        _binary = Path.Combine(_workDir, "link_host_test");
        _sketchBinary = Path.Combine(_workDir, "sketch_host_test");
        string sketch = Path.Combine(FirmwareDir, "drl_link");
        string test = Path.Combine(FirmwareDir, "test");
        string[] flags = ["-std=c++11", "-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-Wall", "-Wextra", "-Werror", "-pedantic"];
        string[] portable = [Path.Combine(sketch, "link_codec.cpp"), Path.Combine(sketch, "link_device.cpp"), Path.Combine(sketch, "link_outputs.cpp")];

        (int code, string output) = Run("g++", [.. flags, "-I", sketch, Path.Combine(test, "link_host_test.cpp"), .. portable, "-o", _binary]);
        Assert.That(code, Is.Zero, "g++ failed to compile the firmware host test:\n" + output);
        (code, output) = Run("g++", [.. flags, "-I", Path.Combine(test, "arduino_mock"), "-I", sketch, Path.Combine(test, "sketch_host_test.cpp"),
                                     Path.Combine(test, "arduino_mock", "arduino_mock.cpp"), .. portable, "-o", _sketchBinary]);
        Assert.That(code, Is.Zero, "g++ failed to compile the sketch against the Arduino mock:\n" + output);
    }

    [OneTimeTearDown]
    public void RemoveWorkDir() => Directory.Delete(_workDir, recursive: true);

    [Test]
    public void FirmwareCodecAndRules_PassTheHostTestOnTheSharedVectors()
    {
        (int code, string output) = Run(_binary, LinkVectors.FilePath);
        TestContext.Out.WriteLine(output);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Match(@"\d{2,} checks, 0 failed"));
    }

    [Test]
    public void Sketch_OnTheArduinoMock_ArmsDrivesEscPulsesAndTripsItsWatchdog()
    {
        (int code, string output) = Run(_sketchBinary);
        TestContext.Out.WriteLine(output);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Match(@"\d+ checks, 0 failed"));
    }

    [Test]
    public void FirmwareDevice_SurvivesThreeHundredThousandFuzzedFramesUnderSanitizers()
    {
        (int code, string output) = Run(_binary, "--fuzz", "300000", "20261126");
        TestContext.Out.WriteLine(output);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Match(@"fuzz: 300000 frames .* [1-9]\d* decoded, [1-9]\d* rejected"));
    }

    [Test]
    public void FirmwareDevice_TracesExactlyLikeTheCSharpStateMachine()
    {
        List<string> script = Scenario(seed: 8, steps: 1500);
        string path = Path.Combine(_workDir, "scenario.txt");
        File.WriteAllLines(path, script);
        (int code, string output) = Run(_binary, "--trace", path);
        Assert.That(code, Is.Zero, output);
        string[] firmware = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        List<string> csharp = Trace(script);

        Assert.That(firmware, Has.Length.EqualTo(csharp.Count));
        for (int i = 0; i < csharp.Count; i++)
        {
            Assert.That(firmware[i], Is.EqualTo(csharp[i]), $"line {i + 1}: {script[i]}");
        }
        // The scenario must have exercised what it is meant to compare.
        Assert.That(csharp[^1], Does.Match(@"applied [1-9]\d* trips [1-9]"));
        Assert.That(csharp.Count(l => l.Contains("status 1 ", StringComparison.Ordinal)), Is.GreaterThan(50));
    }

    private static List<string> Trace(List<string> script)
    {
        uint hash = LinkNamesHash.Compute(LinkClientTests.Lander.Select(a => a.Name).ToArray(), LinkClientTests.LanderObservations);
        var device = new LinkDeviceStateMachine(new LinkDeviceConfig { ActuatorCount = 3, ObservationCount = 8, NamesHash = hash });
        var trace = new List<string>();
        foreach (string line in script)
        {
            string[] f = line.Split(' ');
            device.ClearOutgoing();
            switch (f[0])
            {
                case "rx":
                    device.Receive(Convert.FromHexString(f[2]), long.Parse(f[1], CultureInfo.InvariantCulture));
                    break;
                case "tick":
                    device.Tick(long.Parse(f[1], CultureInfo.InvariantCulture));
                    break;
                default:
                    device.SetObservations(f.Skip(1).Select(h => BitConverter.UInt32BitsToSingle(uint.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToArray());
                    break;
            }
            string tx = device.Outgoing.IsEmpty ? "-" : Convert.ToHexString(device.Outgoing);
            ReadOnlySpan<short> o = device.Outputs;
            trace.Add(string.Create(CultureInfo.InvariantCulture,
                $"tx {tx} out {o[0]},{o[1]},{o[2]} status {(int)device.Status} rejected {device.FramesRejected} accepted {device.CommandsAccepted} applied {device.CommandsApplied} trips {device.WatchdogTrips}"));
        }
        return trace;
    }

    /// <summary>A seeded host: arming runs, moving commands, kills, bad frames, hellos, heartbeats, stalls.</summary>
    private static List<string> Scenario(int seed, int steps)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        long t = 0;
        ushort sequence = 0;
        for (int step = 0; step < steps; step++)
        {
            t += random.Next(1_000, 30_000);
            int roll = random.Next(100);
            byte[] frame;
            if (roll < 3)
            {
                t += random.Next(250_000, 400_000); // the host stalls
                lines.Add($"tick {t}");
                continue;
            }
            if (roll < 8)
            {
                lines.Add("obs " + string.Join(' ', Enumerable.Range(0, 8).Select(_ => BitConverter.SingleToUInt32Bits((float)(random.NextDouble() * 20 - 10)).ToString("X8", CultureInfo.InvariantCulture))));
                continue;
            }
            if (roll < 12)
            {
                frame = LinkTestFrames.Hello();
            }
            else if (roll < 15)
            {
                frame = LinkTestFrames.Frame(LinkMessageType.Heartbeat, sequence++, new byte[LinkProtocol.HeartbeatLength]);
            }
            else
            {
                CommandFlags flags = random.Next(100) switch { < 2 => CommandFlags.Kill | CommandFlags.Arm, < 8 => CommandFlags.None, _ => CommandFlags.Arm };
                bool neutral = random.Next(100) < 40;
                short[] values = [.. Enumerable.Range(0, random.Next(100) < 3 ? 2 : 3).Select(_ => neutral ? (short)0 : (short)random.Next(-32768, 32768))];
                frame = LinkTestFrames.Command(sequence++, flags, values);
                if (random.Next(100) < 8)
                {
                    frame[random.Next(frame.Length - 1)] ^= (byte)(1 << random.Next(8));
                }
            }
            if (random.Next(100) < 10 && frame.Length > 3)
            {
                int cut = random.Next(1, frame.Length - 1);
                lines.Add($"rx {t} {Convert.ToHexString(frame, 0, cut)}");
                t += random.Next(100, 2_000);
                lines.Add($"rx {t} {Convert.ToHexString(frame, cut, frame.Length - cut)}");
            }
            else
            {
                lines.Add($"rx {t} {Convert.ToHexString(frame)}");
            }
            lines.Add($"tick {t}");
        }
        return lines;
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var output = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginErrorReadLine();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(120_000), Is.True, $"{program} did not finish");
        lock (output)
        {
            return (process.ExitCode, stdout + output);
        }
    }
}
