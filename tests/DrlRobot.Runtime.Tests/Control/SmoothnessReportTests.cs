// drl-run sim reports how smoothly each actuator's command moved (DrlRobot.Sim.Metrics.CommandSmoothness).
using System.Text.Json;
using DrlRobot.Runtime.Cli;
using DrlRobot.Runtime.Tests.Policy;

namespace DrlRobot.Runtime.Tests.Control;

public class SmoothnessReportTests
{
    [Test]
    public void SimJson_ReportsSmoothnessPerActuator()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(RuntimeCli.Run, "sim", TestModels.TinyLander, "--episodes", "2", "--json");
        Assert.That(code, Is.AnyOf(0, 4), stderr);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement[] smoothness = [.. doc.RootElement.GetProperty("smoothness").EnumerateArray()];
        Assert.That(smoothness.Select(s => s.GetProperty("actuator").GetString()), Is.EqualTo(new[] { "main", "lateral" }));
        Assert.That(smoothness.Select(s => s.GetProperty("mean_abs_delta").GetDouble()), Is.All.GreaterThan(0));
    }
}
