// drl-train's command line: usage errors exit 2 with usage on stderr; doctor --json prints one JSON object.
using System.Text.Json;
using DrlRobot.Trainer.Cli;

namespace DrlRobot.Trainer.Tests.Cli;

public class TrainerCliTests
{
    [Test]
    public void UnknownCommand_PrintsUsageAndExits2()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "trian");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("trian").And.Contain("Usage:"));
            Assert.That(stdout, Is.Empty);
        });
    }

    [Test]
    public void UnknownOption_Exits2()
    {
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "doctor", "--fast");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--fast"));
        });
    }

    [Test]
    public void DoctorJson_ReportsLibtorchLoadedAsOneJsonObject()
    {
        (int code, string stdout, _) = ConsoleCapture.Run(TrainerCli.Run, "doctor", "--json");
        using JsonDocument report = JsonDocument.Parse(stdout);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(report.RootElement.GetProperty("libtorch_loaded").GetBoolean(), Is.True);
            Assert.That(report.RootElement.GetProperty("torchsharp_version").GetString(), Is.EqualTo("0.107.0"));
            Assert.That(report.RootElement.GetProperty("compat_fix").GetString(), Is.AnyOf("applied", "not_needed"));
        });
    }
}
