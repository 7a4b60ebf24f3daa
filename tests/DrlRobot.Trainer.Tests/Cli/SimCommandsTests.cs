// `drl-train envs` and `drl-train bench-sim`: the JSON keys scripts rely on, and one-line errors with exit 2.
using System.Text.Json;
using DrlRobot.Trainer.Cli;

namespace DrlRobot.Trainer.Tests.Cli;

public class SimCommandsTests
{
    [TestCase("lander")]
    [TestCase("lander-discrete")]
    public void EnvsContract_PrintsExactlyTheContractAPolicyFileCarries(string id)
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "envs", "--contract", id);
        var printed = DrlRobot.Sim.Contracts.ContractJson.Deserialize(stdout);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, stderr);
            Assert.That(printed.EnvId, Is.EqualTo(id));
            Assert.That(DrlRobot.Sim.Contracts.RobotContract.FirstMismatch(DrlRobot.Sim.EnvRegistry.GetContract(id), printed), Is.Null);
            Assert.That(stdout.Trim(), Is.EqualTo(DrlRobot.Sim.Contracts.ContractJson.Serialize(DrlRobot.Sim.EnvRegistry.GetContract(id)).Trim()));
        });
    }

    [Test]
    public void EnvsContract_OfAnUnknownEnv_Exit2() =>
        Assert.That(ConsoleCapture.Run(TrainerCli.Run, "envs", "--contract", "submarine").ExitCode, Is.EqualTo(2));

    [Test]
    public void EnvsJson_ListsEveryEnvWithItsContract()
    {
        (int code, string stdout, _) = ConsoleCapture.Run(TrainerCli.Run, "envs", "--json");
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement[] envs = [.. doc.RootElement.EnumerateArray()];
        JsonElement lander = envs.Single(e => e.GetProperty("id").GetString() == "lander");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(envs.Select(e => e.GetProperty("id").GetString()),
                        Is.EqualTo(new[] { "lander", "lander-discrete", "lander3", "rover", "pendulum" }));
            Assert.That(lander.GetProperty("control_hz").GetDouble(), Is.EqualTo(50));
            Assert.That(lander.GetProperty("action_kind").GetString(), Is.EqualTo("continuous"));
            Assert.That(lander.GetProperty("observations").GetArrayLength(), Is.EqualTo(8));
            Assert.That(lander.GetProperty("actuators")[0].GetProperty("kind").GetString(), Is.EqualTo("thruster"));
            Assert.That(envs.Single(e => e.GetProperty("id").GetString() == "lander-discrete").GetProperty("action_kind").GetString(),
                        Is.EqualTo("discrete"));
        });
    }

    [Test]
    public void EnvsPlain_ShowsEachEnvAndItsActuators()
    {
        (int code, string stdout, _) = ConsoleCapture.Run(TrainerCli.Run, "envs");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(stdout, Does.Contain("lander3  (50 Hz, continuous actions)").And.Contain("left_motor (motor) [-1, 1]"));
        });
    }

    [Test]
    public void BenchSimJson_ReportsThroughputWithTheDocumentedKeys()
    {
        (int code, string stdout, _) = ConsoleCapture.Run(TrainerCli.Run, "bench-sim", "--env", "lander", "--envs", "8",
                                                          "--threads", "2", "--seconds", "0.2", "--json");
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement r = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(r.GetProperty("env").GetString(), Is.EqualTo("lander"));
            Assert.That(r.GetProperty("num_envs").GetInt32(), Is.EqualTo(8));
            Assert.That(r.GetProperty("threads").GetInt32(), Is.EqualTo(2));
            Assert.That(r.GetProperty("steps").GetInt64(), Is.GreaterThan(0));
            Assert.That(r.GetProperty("seconds").GetDouble(), Is.GreaterThanOrEqualTo(0.2));
            Assert.That(r.GetProperty("steps_per_second").GetDouble(), Is.GreaterThan(0));
        });
    }

    [Test]
    public void BenchSim_UnknownEnvExits2WithOneLineListingTheIds()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "bench-sim", "--env", "moon", "--seconds", "0.1");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stdout, Is.Empty);
            Assert.That(stderr.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(stderr, Does.Contain("unknown environment 'moon'").And.Contain("lander, lander-discrete, lander3, rover, pendulum"));
        });
    }

    [TestCase("--threads", "0")]
    [TestCase("--envs", "0")]
    [TestCase("--seconds", "-1")]
    public void BenchSim_BadNumbersExit2(string option, string value)
    {
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "bench-sim", "--env", "pendulum", option, value);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.StartWith("drl-train: error:"));
        });
    }
}
