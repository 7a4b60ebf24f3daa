// The libstdc++ fix: the build script patches a copy of TorchSharp's library correctly, idempotently, and only
// when asked to; the process-map reader classifies the fix's state.
using System.Diagnostics;
using DrlRobot.Trainer.Torch;

namespace DrlRobot.Trainer.Tests.Torch;

[NonParallelizable]
public class LibstdcxxCompatTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "drl-compat-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Inspect_ReportsAppliedWhenTheShimIsMappedBesideAnOldLibstdcxx()
    {
        string old = WriteLibrary("libstdc++.so.6.0.30", "GLIBCXX_3.4.30");
        string maps = WriteMaps(old, "/opt/app/runtimes/linux-x64/native/" + LibstdcxxCompat.ShimName);
        Assert.That(LibstdcxxCompat.Inspect(maps), Is.EqualTo((CompatFixState.Applied, old)));
    }

    [Test]
    public void Inspect_ReportsMissingWhenAnOldLibstdcxxHasNoShim()
    {
        string old = WriteLibrary("libstdc++.so.6.0.30", "GLIBCXX_3.4.30");
        Assert.That(LibstdcxxCompat.Inspect(WriteMaps(old)).State, Is.EqualTo(CompatFixState.Missing));
    }

    [Test]
    public void Inspect_ReportsNotNeededForANewLibstdcxx()
    {
        string recent = WriteLibrary("libstdc++.so.6.0.33", "GLIBCXX_3.4.32");
        Assert.That(LibstdcxxCompat.Inspect(WriteMaps(recent)).State, Is.EqualTo(CompatFixState.NotNeeded));
    }

    [Test]
    public void ApplyScript_PatchesACopyOnce_AndTheResultLoadsOnThisSystemsRules()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the fix is for Linux");
        }
        string original = OriginalLibrary();
        string target = Path.Combine(_dir, "out", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(original, target);

        RunApply("on");
        byte[] once = File.ReadAllBytes(target);
        RunApply("on");
        byte[] twice = File.ReadAllBytes(target);

        string versions = Run("readelf", $"-V \"{target}\"");
        string dynamic = Run("readelf", $"-d \"{target}\"");
        Assert.Multiple(() =>
        {
            Assert.That(versions, Does.Match(@"GLIBCXX_3\.4\.32\s+Flags: WEAK"));
            Assert.That(dynamic, Does.Contain($"Shared library: [{LibstdcxxCompat.ShimName}]"));
            Assert.That(dynamic, Does.Contain("Library runpath: [$ORIGIN/]"));
            Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(target)!, LibstdcxxCompat.ShimName)), Is.True);
            Assert.That(once.Length, Is.EqualTo(new FileInfo(original).Length));
            Assert.That(twice, Is.EqualTo(once), "a second run must change nothing");
            Assert.That(Run("nm", $"-D \"{Path.Combine(Path.GetDirectoryName(target)!, LibstdcxxCompat.ShimName)}\""),
                        Does.Contain("T _ZSt21ios_base_library_initv"));
        });
    }

    [Test]
    public void ApplyScript_Off_LeavesTheLibraryUntouched()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("the fix is for Linux");
        }
        string original = OriginalLibrary();
        string target = Path.Combine(_dir, "out", "libLibTorchSharp.so");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(original, target);
        RunApply("off");
        Assert.That(File.ReadAllBytes(target), Is.EqualTo(File.ReadAllBytes(original)));
    }

    private string WriteLibrary(string name, string newestVersion)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, $"\x7f" + "ELF...GLIBCXX_3.4\0GLIBCXX_3.4.29\0" + newestVersion + "\0...");
        return path;
    }

    private string WriteMaps(params string[] paths)
    {
        string maps = Path.Combine(_dir, "maps");
        File.WriteAllLines(maps, paths.Select((p, i) => $"7f00{i:x4}000-7f00{i:x4}fff r-xp 00000000 fd:00 {1000 + i} {p}")
                                      .Prepend("7ffd0000-7ffd1000 rw-p 00000000 00:00 0 [stack]"));
        return maps;
    }

    // The unpatched library from the NuGet cache, which the build never modifies.
    private static string OriginalLibrary()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                          ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string version = typeof(TorchSharp.torch).Assembly.GetName().Version!.ToString(3);
        string path = Path.Combine(packages, "torchsharp", version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.That(File.Exists(path), Is.True, $"TorchSharp's native library is not in the NuGet cache at {path}");
        return path;
    }

    private void RunApply(string mode)
    {
        string script = Path.Combine(TestPaths.RepoRoot, "build", "torch-compat", "apply.sh");
        Run("bash", $"\"{script}\" \"{Path.Combine(_dir, "out")}\" \"{Path.Combine(_dir, "work")}\" {mode}");
    }

    private static string Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{file} {arguments} failed: {stderr}");
        return stdout;
    }
}
