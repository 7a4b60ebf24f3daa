// `drl-run hw` as a library call: load a hardware config, check it against the model, open the devices (the Pi's
// buses, the emulated board backed by the simulator, or the serial link), and run the control loop and safety
// supervisor on them in real time. Nothing is armed before every check has passed, and every output is neutral when
// it returns or throws.
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Link;
using DrlRobot.Hardware.Outputs;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Telemetry;
using DrlRobot.Sim;

namespace DrlRobot.Runtime.Hil;

/// <summary>Settings of one <see cref="HardwareRun"/>.</summary>
public sealed record HardwareRunConfig
{
    /// <summary>The hardware config file.</summary>
    public string HardwarePath { get; init; } = "";

    /// <summary>Serial port overriding the config's link.port; null keeps it.</summary>
    public string? Port { get; init; }

    /// <summary>End after this many seconds; null runs until a signal, a stop or (emulated) the episodes end.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Read the inputs and run the policy, but hold every output neutral.</summary>
    public bool Shadow { get; init; }

    /// <summary>Telemetry file (".csv" for CSV, else binary); null for none.</summary>
    public string? TelemetryPath { get; init; }

    /// <summary>Episodes the simulator plays behind an emulated board.</summary>
    public int EmulatedEpisodes { get; init; } = 1;

    /// <summary>Seed of the emulated board's first episode.</summary>
    public ulong Seed { get; init; }

    /// <summary>SCHED_FIFO priority (1–99) for the loop thread on Linux; null leaves the scheduler alone.</summary>
    public int? RealtimePriority { get; init; }

    /// <summary>CPU the loop thread is pinned to on Linux; null leaves affinity alone.</summary>
    public int? Cpu { get; init; }

    /// <summary>Supervisor limits.</summary>
    public SafetyConfig Safety { get; init; } = new();

    /// <summary>How long to wait for the link handshake and each input's first reading.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(HardwarePath))
        {
            throw new ArgumentException("--hardware must name a hardware config", nameof(HardwarePath));
        }
        if (DurationSeconds is { } d && !(d > 0 && double.IsFinite(d)))
        {
            throw new ArgumentOutOfRangeException(nameof(DurationSeconds), d, "duration must be positive");
        }
        if (EmulatedEpisodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EmulatedEpisodes), EmulatedEpisodes, "episodes must be at least 1");
        }
        Safety.Validate();
    }
}

/// <summary>What a hardware run did.</summary>
public sealed record HardwareRunResult
{
    /// <summary>The robot's name from the config.</summary>
    public required string Robot { get; init; }

    /// <summary>"link", "emulated" or "raspberry_pi".</summary>
    public required string Mode { get; init; }

    /// <summary>Loop timing and why it stopped.</summary>
    public required LoopResult Loop { get; init; }

    /// <summary>Why the plant was unhealthy when the supervisor latched a device failure; otherwise null.</summary>
    public string? FaultDetail { get; init; }

    /// <summary>Link counters, when the robot is on a link.</summary>
    public LinkCounters? Link { get; init; }

    /// <summary>
    /// Whether the device still said it was armed after the host's closing disarm (false: it confirmed disarmed); null
    /// when it sent nothing after the disarm (the link was already gone).
    /// </summary>
    public bool? DeviceArmedAtEnd { get; init; }

    /// <summary>Episodes the simulator behind an emulated board played.</summary>
    public IReadOnlyList<EpisodeResult>? Episodes { get; init; }

    /// <summary>Shadow mode: ticks on which the withheld command was not neutral; null when not shadowing.</summary>
    public long? ShadowActiveTicks { get; init; }

    /// <summary>Shadow mode: mean distance from neutral of each withheld actuator command.</summary>
    public IReadOnlyList<double>? ShadowMeanAbsoluteCommand { get; init; }
}

/// <summary>Runs a policy on the hardware a config describes.</summary>
public static class HardwareRun
{
    /// <summary>
    /// Checks, opens and runs. Throws <see cref="HardwareConfigException"/> (bad config or contract mismatch, exit 2),
    /// <see cref="LinkRefusedException"/> (the device is another robot, exit 2) or <see cref="IOException"/> (a device,
    /// bus or port is missing, exit 3) before anything is armed.
    /// </summary>
    public static HardwareRunResult Run(IPolicy policy, HardwareRunConfig config, IReadOnlyList<IKillSwitch>? killSwitches = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        HardwareConfig hardware = HardwareConfigJson.Load(config.HardwarePath);
        var contract = policy.Contract;
        try
        {
            hardware.CheckAgainstModel([.. contract.Actuators.Select(a => a.Name)], [.. contract.Observations.Select(o => o.Name)],
                [.. contract.Actuators.Select(a => new ActuatorRange(a.Low, a.High, a.Neutral))]);
        }
        catch (HardwareConfigException e)
        {
            throw new HardwareConfigException($"contract mismatch: {Path.GetFileName(config.HardwarePath)}: {e.Field}", e.Problem, e);
        }
        List<IKillSwitch> switches = [.. killSwitches ?? []];
        WarmUp(policy);
        bool overLink = hardware.Actuators.Any(a => a.Kind == ActuatorKinds.Link);
        if (overLink)
        {
            if (hardware.Actuators.Any(a => a.Kind != ActuatorKinds.Link) || hardware.Observations.Any(o => o.Source != ObservationSources.Link))
            {
                throw new HardwareConfigException("actuators", "drl-run hw drives a link robot entirely over the link: every actuator kind \"link\", every observation source \"link\"");
            }
            return RunOverLink(policy, config, hardware, switches);
        }
        if (config.Port is not null)
        {
            // Said, not ignored: the user believes the robot is on that port.
            throw new ArgumentException($"--port {config.Port}: {Path.GetFileName(config.HardwarePath)} drives its outputs directly and has no serial link for --port to choose");
        }
        RobotHardware devices = HardwareFactory.Open(hardware, out EmulatedRobot? emulated);
        IPlant plant;
        try
        {
            var onBoard = new HardwarePlant(contract, devices);
            if (emulated is not null)
            {
                var withSim = new EmulatedPlant(onBoard, emulated, EnvRegistry.CreateSingle(contract.EnvId), config.EmulatedEpisodes, config.Seed);
                withSim.WaitForInputs(config.StartTimeout);
                plant = withSim;
            }
            else
            {
                onBoard.WaitForInputs(config.StartTimeout);
                plant = onBoard;
            }
        }
        catch
        {
            emulated?.Dispose();
            devices.Dispose();
            throw;
        }
        if (devices.KillSwitch is { } kill)
        {
            switches.Add(new SwitchKillSwitch(kill, $"GPIO {hardware.KillSwitch!.Pin}"));
        }
        var supervisor = new SafetySupervisor(contract, config.Safety, switches);
        ShadowPlant? shadow = config.Shadow ? new ShadowPlant(plant) : null;
        using IPlant driven = shadow is null ? plant : shadow;
        LoopResult loop = RunLoop(driven, policy, supervisor, config);
        return new HardwareRunResult
        {
            Robot = hardware.Robot,
            Mode = hardware.Board,
            Loop = loop,
            FaultDetail = loop.StopReason == StopReason.DeviceFailure ? $"device status {devices.WorstStatus}" : null,
            Episodes = (plant as EmulatedPlant)?.Episodes,
            ShadowActiveTicks = shadow?.ActiveTicks,
            ShadowMeanAbsoluteCommand = shadow?.MeanAbsoluteCommand,
        };
    }

    private static HardwareRunResult RunOverLink(IPolicy policy, HardwareRunConfig config, HardwareConfig hardware, List<IKillSwitch> switches)
    {
        var contract = policy.Contract;
        LinkConfig link = hardware.Link!;
        SerialLink port = SerialLink.Open(new SerialLinkConfig { PortName = config.Port ?? link.Port, BaudRate = link.Baud });
        var client = new LinkClient(port, new LinkClientConfig
        {
            Actuators = [.. contract.Actuators.Select(a => new LinkActuator(a.Name, a.Low, a.High, a.Neutral))],
            ObservationNames = [.. contract.Observations.Select(o => o.Name)],
            HandshakeTimeoutMilliseconds = (int)config.StartTimeout.TotalMilliseconds,
        });
        var supervisor = new SafetySupervisor(contract, config.Safety, switches);
        LinkPlant plant;
        try
        {
            client.Handshake();
            plant = new LinkPlant(contract, client, config.Shadow ? null : supervisor);
            plant.WaitForTelemetry(config.StartTimeout);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        ShadowPlant? shadow = config.Shadow ? new ShadowPlant(plant) : null;
        IPlant driven = shadow is null ? plant : shadow;
        LoopResult loop;
        string? faultDetail;
        try
        {
            loop = RunLoop(driven, policy, supervisor, config);
            faultDetail = loop.StopReason == StopReason.DeviceFailure ? plant.FaultDetail : null;
        }
        finally
        {
            // Before the result is read (the fault as the loop saw it, first): closing disarms the device and waits
            // for it to say so.
            driven.Dispose();
        }
        return new HardwareRunResult
        {
            Robot = hardware.Robot,
            Mode = "link",
            Loop = loop,
            FaultDetail = faultDetail,
            Link = client.Counters,
            DeviceArmedAtEnd = plant.DeviceArmedAfterClose,
            ShadowActiveTicks = shadow?.ActiveTicks,
            ShadowMeanAbsoluteCommand = shadow?.MeanAbsoluteCommand,
        };
    }

    /// <summary>
    /// One inference before the devices open: the first call of an ONNX session is slow (tens of ms), and on the
    /// first tick it would make the freshest input look stale.
    /// </summary>
    private static void WarmUp(IPolicy policy)
    {
        var observation = new float[policy.Contract.Observations.Count];
        var action = new float[policy.Contract.Actuators.Count];
        for (int i = 0; i < observation.Length; i++)
        {
            observation[i] = 0.5f * (policy.Contract.Observations[i].Low + policy.Contract.Observations[i].High);
        }
        policy.Act(observation, action);
    }

    private static LoopResult RunLoop(IPlant plant, IPolicy policy, SafetySupervisor supervisor, HardwareRunConfig config)
    {
        var loopConfig = new ControlLoopConfig
        {
            Realtime = true, DurationSeconds = config.DurationSeconds, RealtimePriority = config.RealtimePriority, Cpu = config.Cpu,
        };
        loopConfig.Validate();
        TelemetryRecorder? telemetry = config.TelemetryPath is null ? null
            : TelemetryRecorder.Create(config.TelemetryPath, policy.Contract, policy.Contract.ControlHz, realtime: true);
        LoopResult result;
        try
        {
            using var loop = new ControlLoop(plant, policy, supervisor, loopConfig, telemetry);
            result = loop.Run();
        }
        finally
        {
            telemetry?.Dispose();
        }
        return result with { TelemetryFailure = telemetry?.Failure };
    }
}
