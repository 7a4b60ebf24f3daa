// `drl-train robustness`: grids of fixed deviations, bad grids refused in one line, and maps that show what they
// should (the shipped lander cannot hover on a third of its thrust, and lands on all of it).
using System.Text.Json.Nodes;
using DrlRobot.Sim.Randomization;
using DrlRobot.Trainer.Cli;
using DrlRobot.Trainer.Robustness;

namespace DrlRobot.Trainer.Tests.Robustness;

public class RobustnessTests
{
    private static string ShippedLander => Path.Combine(TestPaths.RepoRoot, "models", "lander.onnx");

    [Test]
    public void Grid_GivesEvenlySpacedValues_AndCellsFixEveryOtherParameterAtNominal()
    {
        IReadOnlyList<RobustnessAxis> axes = RobustnessMap.ParseGrid("thrust_scale=0.6:1.2:4,latency_steps=0:4:3");
        Assert.That(axes[0].Values, Is.EqualTo(new[] { 0.6, 0.8, 1.0, 1.2 }).Within(1e-12));
        Assert.That(axes[1].Values, Is.EqualTo(new[] { 0.0, 2.0, 4.0 }));
        DomainRandomization cell = RobustnessMap.CellRanges(axes, [0.8, 2]);
        Assert.Multiple(() =>
        {
            Assert.That(cell.ThrustScale, Is.EqualTo(new ParameterRange(0.8f, 0.8f)));
            Assert.That(cell.LatencySteps, Is.EqualTo(new StepRange(2, 2)));
            Assert.That(cell.MassScale, Is.EqualTo(new ParameterRange(1, 1)));
            Assert.That(cell.FrictionScale, Is.EqualTo(new ParameterRange(1, 1)));
            Assert.That(cell.WindNewtons, Is.EqualTo(new ParameterRange(0, 0)));
            Assert.That(cell.SensorNoise, Is.EqualTo(new ParameterRange(0, 0)));
        });
    }

    [TestCase("thrust=0.6:1.2:4", "unknown parameter 'thrust'")]
    [TestCase("thrust_scale=0.6:1.2", "is not NAME=LOW:HIGH:N")]
    [TestCase("thrust_scale=-0.2:1.2:4", "thrust_scale=-0.2 is outside what the simulator takes")]
    [TestCase("latency_steps=0:20:21", "latency_steps=20 is outside what the simulator takes")]
    [TestCase("latency_steps=0:1:3", "latency_steps counts whole steps")]
    [TestCase("thrust_scale=1.2:0.6:4", "LOW 1.2 is above HIGH 0.6")]
    [TestCase("thrust_scale=0.6:1.2:0", "N must be 1–50")]
    [TestCase("thrust_scale=0.6:1.2:1", "N must be 1–50")]
    [TestCase("thrust_scale=0.6:1.2:30,mass_scale=0.5:1.5:30", "900 cells is more than 400")]
    [TestCase("thrust_scale=0.6:1.2:2,mass_scale=0.5:1.5:2,wind_newtons=0:4:2", "one or two axes")]
    [TestCase("thrust_scale=0.6:1.2:2,thrust_scale=0.5:1.5:2", "thrust_scale is given twice")]
    public void BadGrid_IsOneLineAndExit2(string grid, string expected)
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "robustness", ShippedLander, "--grid", grid);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), stderr + stdout);
            Assert.That(stderr, Does.Contain(expected));
            Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public void NotAPolicyFile_IsNamed()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not onnx");
            (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "robustness", file, "--grid", "thrust_scale=0.9:1.1:2");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain(Path.GetFileName(file)).And.Contain("ONNX Runtime cannot load it"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void ShippedLander_CannotHoverOnAThirdOfItsThrust_AndLandsOnAllOfIt_TheSameForTheSameSeed()
    {
        string png = Path.Combine(Path.GetTempPath(), $"robustness-{Guid.NewGuid():N}.png");
        try
        {
            (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "robustness", ShippedLander,
                "--grid", "thrust_scale=0.3:1:2", "--episodes", "10", "--json", "--out", png);
            Assert.That(code, Is.Zero, stderr);
            JsonNode map = JsonNode.Parse(stdout)!;
            JsonArray cells = map["cells"]!.AsArray();
            Assert.Multiple(() =>
            {
                Assert.That(map["env"]!.GetValue<string>(), Is.EqualTo("lander"));
                Assert.That(cells, Has.Count.EqualTo(2));
                Assert.That(cells[0]!["at"]!["thrust_scale"]!.GetValue<double>(), Is.EqualTo(0.3).Within(1e-12));
                Assert.That(cells[0]!["success_rate"]!.GetValue<double>(), Is.LessThan(0.5), "a third of the thrust cannot hold the lander up");
                Assert.That(cells[1]!["success_rate"]!.GetValue<double>(), Is.GreaterThanOrEqualTo(0.9), "the nominal robot lands");
                Assert.That(new FileInfo(png).Length, Is.GreaterThan(1000));
            });
            (_, string again, _) = ConsoleCapture.Run(TrainerCli.Run, "robustness", ShippedLander, "--grid", "thrust_scale=0.3:1:2", "--episodes", "10", "--json");
            Assert.That(again, Is.EqualTo(stdout), "deterministic: the same seed in every cell and every run");
        }
        finally
        {
            File.Delete(png);
        }
    }
}
