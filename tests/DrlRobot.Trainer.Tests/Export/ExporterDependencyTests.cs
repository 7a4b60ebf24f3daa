// The exporter writes ONNX with protobuf alone: ONNX Runtime is a test-only dependency of the trainer.
using DrlRobot.Trainer.Export;

namespace DrlRobot.Trainer.Tests.Export;

public class ExporterDependencyTests
{
    [Test]
    public void TrainerDoesNotReferenceOnnxRuntime()
    {
        string[] references = typeof(OnnxPolicyExporter).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(references, Has.None.Contains("OnnxRuntime"));
            Assert.That(references, Does.Contain("Google.Protobuf"));
        });
    }
}
