// The exporter writes ONNX with protobuf alone. ONNX Runtime is in the trainer only so that `attach --check` and
// `robustness MODEL.onnx` can fly a file as the robot will; the source may use it in that one place (Onnx/OnnxFilePolicy.cs).
using DrlRobot.Trainer.Export;

namespace DrlRobot.Trainer.Tests.Export;

public class ExporterDependencyTests
{
    [Test]
    public void OnlyTheOnnxFilePolicyUsesOnnxRuntime_TheExporterWritesProtobuf()
    {
        string trainer = Path.Combine(TestPaths.RepoRoot, "trainer");
        string[] users = [.. Directory.EnumerateFiles(trainer, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(trainer, f).Replace('\\', '/'))];
        string[] references = typeof(OnnxPolicyExporter).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(users, Is.EqualTo(new[] { "Onnx/OnnxFilePolicy.cs" }));
            Assert.That(references, Does.Contain("Google.Protobuf"));
        });
    }
}
