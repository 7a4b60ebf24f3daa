// The runtime runs on a Raspberry Pi: it must never reference TorchSharp.
using DrlRobot.Runtime.Policy;

namespace DrlRobot.Runtime.Tests;

public class DependencyTests
{
    [Test]
    public void RuntimeDoesNotReferenceTorchSharpOrTheTrainer()
    {
        string[] references = typeof(IPolicy).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(references, Has.None.Contains("Torch"));
            Assert.That(references, Has.None.EqualTo("drl-train"));
            Assert.That(references, Does.Contain("Microsoft.ML.OnnxRuntime"));
        });
    }

    [Test]
    public void RuntimeOutputHoldsNoTorchNativeLibrary()
    {
        string[] natives = Directory.EnumerateFiles(AppContext.BaseDirectory, "*torch*", SearchOption.AllDirectories).ToArray();
        Assert.That(natives, Is.Empty);
    }
}
