// The HIL set-up as an operator runs it: `drl-run emulate` and `drl-run hw` as two processes, each opening its end of
// a pseudo-terminal cable as a serial port. The host is stopped with SIGINT once the emulator has played its episodes.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Runtime.Tests.Hil;

[NonParallelizable]
[Category("Hil")]
public class TwoProcessHilTests
{
    private const double TwoProcessInputAgeSeconds = 2.0;
    private const int TwoProcessWatchdogMs = 3000;

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "drl-run.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }

    [Test]
    public void EmulateAndHw_AsTwoProcesses_LandTheLander_AndReportJson()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("pseudo-terminals and kill(1): Linux only");
        }
        using var cable = new PtyCable();
        // Two freshly started processes compile their code while other test assemblies may load the machine, so
        // this flight allows more staleness than HilRig.FlightSafety, and the emulator flies in lockstep with the
        // host's commands; what it tests is the two commands working together, not timing (the silent-link test
        // holds the real limits).
        string safety = Path.Combine(Path.GetTempPath(), $"drl-hil-safety-{Environment.ProcessId}.json");
        File.WriteAllText(safety, (HilRig.FlightSafety with { MaxInputAgeSeconds = TwoProcessInputAgeSeconds }).ToJson());
        using Process emulate = Start("emulate", "--env", "lander", "--port", cable.PathB, "--episodes", "2", "--seed", "5",
                                      "--drop", "0.05", "--corrupt", "0.05", "--lockstep",
                                      "--watchdog-ms", TwoProcessWatchdogMs.ToString(CultureInfo.InvariantCulture), "--json");
        Process? hw = null;
        try
        {
            // Give the emulator time to open its port; the host's handshake repeats hello for 3 s anyway.
            Thread.Sleep(500);
            hw = Start("hw", Path.Combine(TestPaths.RepoRoot, "models", "lander.onnx"), "--hardware",
                       Path.Combine(TestPaths.RepoRoot, "hardware", "configs", "lander-serial.json"), "--port", cable.PathA, "--duration", "40", "--safety", safety,
                       "--rt-priority", HilRig.RealtimePriority.ToString(CultureInfo.InvariantCulture), "--json");
            if (!emulate.WaitForExit(40_000))
            {
                hw.WaitForExit(1000);
                Assert.Fail($"the emulator did not finish its episodes; drl-run hw said: {(hw.HasExited ? hw.StandardOutput.ReadToEnd() + hw.StandardError.ReadToEnd() : "(still running)")}");
            }
            Process.Start("kill", ["-INT", hw.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.That(hw.WaitForExit(10_000), Is.True, "drl-run hw ends on SIGINT");
        }
        finally
        {
            File.Delete(safety);
            if (!emulate.HasExited)
            {
                emulate.Kill();
            }
            if (hw is { HasExited: false })
            {
                hw.Kill();
            }
        }
        using JsonDocument plant = JsonDocument.Parse(emulate.StandardOutput.ReadToEnd());
        string hwOut = hw.StandardOutput.ReadToEnd(), hwError = hw.StandardError.ReadToEnd();
        TestContext.Out.WriteLine(plant.RootElement.ToString());
        TestContext.Out.WriteLine(hwOut);
        using JsonDocument host = JsonDocument.Parse(hwOut);
        JsonElement p = plant.RootElement, h = host.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(emulate.ExitCode, Is.Zero);
            Assert.That(p.GetProperty("episodes").GetInt32(), Is.EqualTo(2));
            Assert.That(p.GetProperty("success_rate").GetDouble(), Is.GreaterThanOrEqualTo(0.5));
            Assert.That(p.GetProperty("corrupted_commands_applied").GetInt64(), Is.Zero);
            Assert.That(p.GetProperty("frames_rejected").GetInt64(), Is.GreaterThan(0));
            Assert.That(p.GetProperty("held_periods").GetInt64(), Is.GreaterThan(0), "--lockstep flew lost commands' periods on held outputs");
            Assert.That(p.GetProperty("max_loop_gap_ms").GetDouble(), Is.GreaterThan(0));
            // The host ends either on the SIGINT sent once the emulator has finished, or — when the finished emulator
            // falls silent first — on the stale-input stop that a vanished plant must cause. Both leave it neutral.
            if (hw.ExitCode == 0)
            {
                Assert.That(h.GetProperty("exit_reason").GetString(), Is.EqualTo("signal"));
                Assert.That(h.GetProperty("safety_stops").GetInt32(), Is.Zero);
            }
            else
            {
                Assert.That(hw.ExitCode, Is.EqualTo(4), hwError);
                Assert.That(hwError, Does.Contain("stale_input"));
            }
            Assert.That(h.GetProperty("link").GetProperty("frames_sent").GetInt64(), Is.GreaterThan(200));
            Assert.That(h.GetProperty("link").GetProperty("frames_received").GetInt64(), Is.GreaterThan(200));
        });
    }
}
