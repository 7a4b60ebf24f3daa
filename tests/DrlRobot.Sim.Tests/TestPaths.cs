// Where the repository is, for tests that read its scripts, models or configs (set at build time).
using System.Reflection;

namespace DrlRobot.Sim.Tests;

internal static class TestPaths
{
    public static string RepoRoot { get; } = typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "DrlRobot.RepoRoot").Value!;
}
