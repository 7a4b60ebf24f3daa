// Issue 7's end to end: `drl-run hw <rover policy> --hardware hardware/configs/rover-emulated.json` closes the loop
// through the emulated board — H-bridge pins and PWM duty → motor torque in the simulator → encoder edges, MPU-6050
// rate registers and tracker datagrams → the observation — and the rover reaches its goal. The policy is the shipped
// models/rover.onnx; without it the test fails, it does not fall back to another controller.
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Hil;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Sim;

namespace DrlRobot.Runtime.Tests.Hil;

[NonParallelizable]
[Category("Hil")]
public class RoverEmulatedTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("drl-rover-hil-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static OnnxPolicy ShippedRoverPolicy()
    {
        string shipped = Path.Combine(TestPaths.RepoRoot, "models", "rover.onnx");
        Assert.That(File.Exists(shipped), Is.True, $"models/rover.onnx ships with the repository and is the policy under test; it is missing: {shipped}");
        return new OnnxPolicy(shipped);
    }

    /// <summary>The shipped rover-emulated.json with its tracker on a free loopback port, so runs never clash.</summary>
    private string RoverConfig()
    {
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", "rover-emulated.json")),
                                         documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }
        foreach (JsonNode? device in config["devices"]!.AsArray())
        {
            if ((string?)device!["type"] == "udp_state")
            {
                device["port"] = port;
            }
        }
        string path = Path.Combine(_directory, "rover-emulated.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    [Test]
    public void RoverPolicy_OnTheEmulatedBoard_ReachesItsGoal()
    {
        using OnnxPolicy policy = ShippedRoverPolicy();
        DryRunResult dry = DryRun.Run(policy, new DryRunConfig { Episodes = 1, Seed = 3 });
        HardwareRunResult result = HardwareRun.Run(policy, new HardwareRunConfig
        {
            HardwarePath = RoverConfig(), EmulatedEpisodes = 1, Seed = 3, DurationSeconds = 25,
            // The tracker's datagrams are read on their own thread, which a busy host can hold back past the default
            // 100 ms staleness limit; this flight tests the closed loop through the devices, as the HIL flights do.
            Safety = HilRig.FlightSafety,
        });
        TestContext.Out.WriteLine($"rover (models/rover.onnx) on the emulated board: {result.Loop.Ticks} ticks, episodes " +
                                  string.Join(", ", result.Episodes!.Select(e => $"{(e.Success ? "goal" : "missed")} in {e.Length} steps, return {e.Return:F1}")) +
                                  $"; dry run of the same seed: {(dry.SuccessRate == 1 ? "goal" : "missed")} in {dry.MeanLength} steps, return {dry.MeanReturn:F1}");
        Assert.Multiple(() =>
        {
            Assert.That(result.Mode, Is.EqualTo("emulated"));
            Assert.That(result.Loop.StopReason, Is.EqualTo(StopReason.Completed), "the episode ended, not a safety stop");
            Assert.That(result.Episodes, Has.Count.EqualTo(1));
            Assert.That(result.Episodes![0].Success, Is.True, "the rover reached its goal");
            Assert.That(result.Loop.RateHz, Is.EqualTo(EnvRegistry.GetContract("rover").ControlHz));
        });
    }

    [Test]
    public void ObservationTheSimulatorCannotPlay_IsNamedBeforeAnythingRuns()
    {
        string path = RoverConfig();
        JsonNode config = JsonNode.Parse(File.ReadAllText(path))!;
        config["observations"]![4]!["value"] = "yaw"; // the filter's integrated yaw, not a register the simulator writes
        File.WriteAllText(path, config.ToJsonString());
        HardwareConfig hardware = HardwareConfigJson.Load(path);
        RobotHardware devices = HardwareFactory.Open(hardware, out EmulatedRobot? robot);
        var plant = new HardwarePlant(EnvRegistry.GetContract("rover"), devices);
        var e = Assert.Throws<ArgumentException>(() => new EmulatedPlant(plant, robot!, EnvRegistry.CreateSingle("rover"), 1, 0));
        plant.Dispose();
        robot!.Dispose();
        Assert.That(e!.Message, Does.Contain("'yaw' of mpu6050 'imu'").And.Contain("yaw_rate"));
    }
}
