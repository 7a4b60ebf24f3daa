// drl-run's command line: usage errors exit 2 with one line and a --help hint on stderr; doctor --json prints one JSON object.
using System.Text.Json;
using DrlRobot.Runtime.Cli;

namespace DrlRobot.Runtime.Tests.Cli;

public class RuntimeCliTests
{
    [Test]
    public void UnknownCommand_IsOneLineWithAHelpHint_Exit2()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "fly-away");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("fly-away").And.Contain("drl-run --help"));
            Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(2), "the error and where the usage is");
            Assert.That(stdout, Is.Empty);
        });
    }

    [Test]
    public void UnknownOption_Exits2()
    {
        (int code, _, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "doctor", "--colour");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--colour"));
        });
    }

    [Test]
    public void NoCommand_Exits2()
    {
        (int code, _, _) = ConsoleCapture.Run(RuntimeCli.Run);
        Assert.That(code, Is.EqualTo(2));
    }

    [Test]
    public void DoctorJson_ReportsOnnxRuntimeLoadedAsOneJsonObject()
    {
        (int code, string stdout, _) = ConsoleCapture.Run(RuntimeCli.Run, "doctor", "--json");
        using JsonDocument report = JsonDocument.Parse(stdout);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(report.RootElement.GetProperty("onnxruntime_loaded").GetBoolean(), Is.True);
            Assert.That(report.RootElement.GetProperty("onnxruntime_version").GetString(), Does.StartWith("1.31"));
            Assert.That(report.RootElement.GetProperty("checks").GetArrayLength(), Is.GreaterThanOrEqualTo(6));
        });
    }
}
