// The device bundle: runtime/deploy/publish.sh builds the linux-arm64 single-file bundle once for these tests; its
// layout is checked, install.sh stages it under a root, and, where qemu-aarch64-static is installed, the arm64 bundle
// runs a dry run whose per-tick observations and actions match the x64 runtime's within 1e-4. That last test needs
// the Debian package registry the first time (arm64-sysroot.sh downloads arm64 libraries with apt): when the script
// fails and apt cannot reach the registry either, the test is inconclusive and says so; any other failure fails it.
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Telemetry;
using DrlRobot.Runtime.Tests.Policy;

namespace DrlRobot.Runtime.Tests.Deploy;

[Category("Deploy")]
[NonParallelizable]
public class DeployTests
{
    private const string Rid = "linux-arm64";
    private string _work = null!;
    private string _bundle = null!;

    private static string Deploy(string script) => Path.Combine(TestPaths.RepoRoot, "runtime", "deploy", script);

    [OneTimeSetUp]
    public void PublishTheBundle()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the bundle scripts are bash for Linux hosts");
        }
        _work = Directory.CreateTempSubdirectory("drl-deploy-").FullName;
        // Without ReadyToRun (minutes of compilation, irrelevant to what is checked here), and with the build folder kept
        // under artifacts/ so that later runs publish incrementally.
        string build = Path.Combine(TestPaths.RepoRoot, "artifacts", "deploy-test-build");
        (int code, string stdout, string stderr) = Run("bash", [Deploy("publish.sh"), "--rid", Rid, "--out", _work, "--model", TestModels.TinyLander,
                                                               "--no-ready-to-run", "--artifacts-path", build], TimeSpan.FromMinutes(10));
        Assert.That(code, Is.Zero, $"publish.sh failed:\n{stderr}");
        _bundle = stdout.Trim().Split('\n')[^1];
    }

    [OneTimeTearDown]
    public void DeleteTheBundle()
    {
        if (_work is not null)
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Test]
    public void Bundle_HoldsTheExecutableOnnxRuntimeModelsConfigsAndService()
    {
        Assert.Multiple(() =>
        {
            foreach (string file in new[] { "drl-run", "libonnxruntime.so", "models/tiny-lander.onnx", "configs/safety.json", "drl-run.service",
                                            "drl-run.env", "install.sh", "VERSION" })
            {
                Assert.That(File.Exists(Path.Combine(_bundle, file)), Is.True, file);
            }
            Assert.That(Directory.GetFiles(_bundle, "*.dll"), Is.Empty, "no managed assemblies beside the single file");
            Assert.That(File.Exists(Path.Combine(_work, $"drl-run-{Rid}.tar.gz")), Is.True);
            // An AArch64 ELF executable: magic, 64-bit class, machine 183 (EM_AARCH64).
            byte[] head = File.ReadAllBytes(Path.Combine(_bundle, "drl-run"))[..20];
            Assert.That(head[..4], Is.EqualTo(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }));
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(18)), Is.EqualTo(183));
        });
    }

    [Test]
    public void InstallScript_StagesTheBundleAndTheServiceUnderARoot()
    {
        string root = Path.Combine(_work, "root");

        (int code, _, string stderr) = Run("bash", [Path.Combine(_bundle, "install.sh"), "--root", root, "--prefix", "/srv/robot"], TimeSpan.FromMinutes(1));

        Assert.That(code, Is.Zero, stderr);
        string unit = File.ReadAllText(Path.Combine(root, "etc/systemd/system/drl-run.service"));
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(root, "srv/robot/drl-run")), Is.True);
            Assert.That(File.Exists(Path.Combine(root, "srv/robot/libonnxruntime.so")), Is.True);
            Assert.That(File.Exists(Path.Combine(root, "srv/robot/models/tiny-lander.onnx")), Is.True);
            Assert.That(unit, Does.Contain("ExecStart=/srv/robot/drl-run $DRL_RUN_ARGS").And.Contain("KillSignal=SIGTERM").And.Contain("Restart=no"));
            Assert.That(File.ReadAllText(Path.Combine(root, "etc/default/drl-run")), Does.Contain("DRL_RUN_ARGS=sim /srv/robot/models/"));
        });
    }

    [Test]
    public void PublishScript_RefusesLinuxArmWithoutAnOnnxRuntimeLibrary()
    {
        (int code, _, string stderr) = Run("bash", [Deploy("publish.sh"), "--rid", "linux-arm", "--out", _work, "--model", TestModels.TinyLander],
                                           TimeSpan.FromMinutes(1));

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--onnxruntime-lib"));
    }

    [Test]
    public void Arm64BundleUnderQemu_ComputesTheSameActionsAsX64()
    {
        if (Run("bash", ["-c", "command -v qemu-aarch64-static"], TimeSpan.FromSeconds(10)).Code != 0)
        {
            Assert.Ignore("qemu-aarch64-static is not installed (apt-get install qemu-user-static); the arm64 bundle cannot be run on this host");
        }
        string sysrootDir = Path.Combine(TestPaths.RepoRoot, "artifacts", "arm64-sysroot");
        (int sysCode, _, string sysErr) = Run("bash", [Deploy("arm64-sysroot.sh"), sysrootDir], TimeSpan.FromMinutes(5), timeoutFails: false);
        if (sysCode != 0 && PackageRegistryUnreachable() is { } unreachable)
        {
            Assert.Inconclusive($"needs the Debian package registry (arm64-sysroot.sh downloads arm64 libc, libstdc++, libgcc and zlib with apt), " +
                                $"and apt cannot reach it from here: {unreachable}\narm64-sysroot.sh said:\n{sysErr}");
        }
        Assert.That(sysCode, Is.Zero, $"arm64-sysroot.sh failed although apt reaches the package registry:\n{sysErr}");
        string safety = Path.Combine(_work, "relaxed.json");
        File.WriteAllText(safety, """{ "arming_seconds": 0, "observation_margin": "Infinity" }""");
        string armTelemetry = Path.Combine(_work, "arm64.bin"), x64Telemetry = Path.Combine(_work, "x64.bin");

        (int code, string stdout, string stderr) = Run("bash",
            [Deploy("qemu-arm64-run.sh"), _bundle, sysrootDir, "sim", TestModels.TinyLander, "--episodes", "3", "--seed", "11", "--safety", safety,
             "--telemetry", armTelemetry, "--json"], TimeSpan.FromMinutes(5));
        Assert.That(code, Is.Zero, stderr);
        using var policy = new OnnxPolicy(TestModels.TinyLander);
        DryRunResult x64 = DryRun.Run(policy, new DryRunConfig
        {
            Episodes = 3,
            Seed = 11,
            Safety = SafetyConfig.Load(safety),
            TelemetryPath = x64Telemetry,
        });

        double[] armReturns = JsonDocument.Parse(stdout).RootElement.GetProperty("returns").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var layout = new TelemetryLayout(policy.Contract, 50, false);
        var arm = Records(armTelemetry, layout);
        var reference = Records(x64Telemetry, layout);
        Assert.Multiple(() =>
        {
            Assert.That(armReturns, Is.EqualTo(x64.Episodes.Select(e => e.Return)).Within(1e-3));
            Assert.That(arm, Has.Count.EqualTo(reference.Count));
            for (int i = 0; i < Math.Min(arm.Count, reference.Count); i++)
            {
                Assert.That(arm[i].Observation, Is.EqualTo(reference[i].Observation).Within(1e-4), $"tick {i} observation");
                Assert.That(arm[i].Action, Is.EqualTo(reference[i].Action).Within(1e-4), $"tick {i} action");
                Assert.That(arm[i].Command, Is.EqualTo(reference[i].Command).Within(1e-4), $"tick {i} command");
            }
        });
    }

    private static List<(TelemetryTick Tick, float[] Observation, float[] Action, float[] Command)> Records(string path, TelemetryLayout layout)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int start = 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        var records = new List<(TelemetryTick, float[], float[], float[])>();
        for (int offset = start; offset + layout.RecordBytes <= bytes.Length; offset += layout.RecordBytes)
        {
            records.Add(layout.Decode(bytes.AsSpan(offset, layout.RecordBytes)));
        }
        return records;
    }

    /// <summary>
    /// Null when apt fetches a release file from one of the package registries the host's apt sources name, for
    /// arm64 as arm64-sysroot.sh asks (so a failure of the script is the script's); otherwise what apt said.
    /// </summary>
    private static string? PackageRegistryUnreachable()
    {
        string probe = Directory.CreateTempSubdirectory("drl-apt-probe-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(probe, "lists", "partial"));
            Directory.CreateDirectory(Path.Combine(probe, "cache", "archives", "partial"));
            (int code, string uris, _) = Run("bash", ["-c", "command -v apt-get >/dev/null && apt-get -o APT::Architecture=arm64 -o APT::Architectures::=arm64 " +
                                                            $"-o Dir::State::Lists={probe}/lists -o Dir::Cache={probe}/cache --print-uris update"], TimeSpan.FromMinutes(1));
            // Lines like 'http://deb.debian.org/debian/dists/bookworm/InRelease' deb.debian.org_…_InRelease 0
            string[] releases = code != 0 ? [] : [.. uris.Split('\n').Select(line => line.Split('\''))
                .Where(p => p.Length > 2 && p[1].EndsWith("/InRelease", StringComparison.Ordinal)).Select(p => p[1])];
            if (releases.Length == 0)
            {
                return null; // no apt, or no sources: not a network matter
            }
            var failures = new List<string>();
            foreach (string uri in releases)
            {
                (int got, _, string error) = Run("timeout", ["120", "/usr/lib/apt/apt-helper", "-o", "Acquire::Retries=0", "download-file", uri, Path.Combine(probe, "InRelease")],
                                                 TimeSpan.FromMinutes(3));
                if (got == 0)
                {
                    return null;
                }
                string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                failures.Add(got == 124 ? $"{uri}: no answer within 120 s"
                             : lines.LastOrDefault(l => l.StartsWith("E: Failed to fetch", StringComparison.Ordinal)) ?? $"{uri}: apt-helper exit {got}");
            }
            return string.Join("; ", failures);
        }
        finally
        {
            Directory.Delete(probe, recursive: true);
        }
    }

    private static (int Code, string Out, string Error) Run(string file, string[] args, TimeSpan timeout, bool timeoutFails = true)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            if (timeoutFails)
            {
                Assert.Fail($"{file} {string.Join(' ', args)} did not finish within {timeout}");
            }
            process.WaitForExit();
            return (-1, stdout.Result, $"{stderr.Result}\n(killed: it did not finish within {timeout})");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
