// hardware knows channels and devices, not policies or physics: it must not reference sim, runtime or trainer.
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Tests;

public class DependencyTests
{
    [Test]
    public void HardwareReferencesNoOtherDrlRobotProjectAndNoTorch()
    {
        string[] references = typeof(IOutputChannel).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.That(references, Has.None.StartsWith("DrlRobot").And.None.Contains("Torch").And.None.Contains("OnnxRuntime"));
    }
}
