// sim depends on nothing: it is shared by the trainer, the runtime and the HIL emulator, on every platform.
namespace DrlRobot.Sim.Tests;

public class DependencyTests
{
    [Test]
    public void SimReferencesOnlyTheBaseLibrary()
    {
        string[] references = typeof(IVecEnv).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.That(references, Has.All.Matches<string>(name => name!.StartsWith("System", StringComparison.Ordinal)
                                                               || name == "netstandard" || name == "mscorlib"));
    }
}
