// A dry run: a policy file flown through the full control loop and safety supervisor against the simulator its
// contract names, for a number of episodes. What `drl-run sim` does, as a library call the tests and the qemu check use.
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Telemetry;
using DrlRobot.Sim;
using DrlRobot.Sim.Randomization;

namespace DrlRobot.Runtime.Control;

/// <summary>Settings of a dry run.</summary>
public sealed record DryRunConfig
{
    /// <summary>Episodes to run.</summary>
    public int Episodes { get; init; } = 10;

    /// <summary>Seed of the first episode; episode i uses seed + i.</summary>
    public ulong Seed { get; init; }

    /// <summary>Pace ticks by the wall clock instead of running as fast as possible.</summary>
    public bool Realtime { get; init; }

    /// <summary>Draw physics and sensing per episode from the default domain-randomisation ranges.</summary>
    public bool Randomize { get; init; }

    /// <summary>Tick rate override in hertz; null keeps the contract's rate.</summary>
    public double? RateHz { get; init; }

    /// <summary>End after this much control time even if episodes remain; null runs every episode.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>SCHED_FIFO priority for the loop thread (Linux, when permitted); null leaves it alone.</summary>
    public int? RealtimePriority { get; init; }

    /// <summary>CPU to pin the loop thread to (Linux); null leaves it alone.</summary>
    public int? Cpu { get; init; }

    /// <summary>Telemetry file (".csv" for CSV, else binary); null for none.</summary>
    public string? TelemetryPath { get; init; }

    /// <summary>Supervisor limits. Arming defaults to one tick of neutral, since a simulated episode starts at once.</summary>
    public SafetyConfig Safety { get; init; } = new() { ArmingSeconds = 0 };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (Episodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Episodes), Episodes, "episodes must be at least 1");
        }
        Safety.Validate();
    }
}

/// <summary>The result of a dry run: episode statistics and the loop's.</summary>
/// <param name="EnvId">The simulator.</param>
/// <param name="Episodes">Completed episodes, in order.</param>
/// <param name="Loop">Loop timing and stop reason.</param>
public sealed record DryRunResult(string EnvId, IReadOnlyList<EpisodeResult> Episodes, LoopResult Loop)
{
    /// <summary>Mean episode return.</summary>
    public double MeanReturn => Episodes.Count == 0 ? double.NaN : Episodes.Average(e => e.Return);

    /// <summary>Population standard deviation of the returns.</summary>
    public double StdReturn => Episodes.Count == 0 ? double.NaN
        : Math.Sqrt(Episodes.Average(e => (e.Return - MeanReturn) * (e.Return - MeanReturn)));

    /// <summary>Fraction of episodes that ended in success.</summary>
    public double SuccessRate => Episodes.Count == 0 ? double.NaN : Episodes.Count(e => e.Success) / (double)Episodes.Count;

    /// <summary>Mean episode length in control steps.</summary>
    public double MeanLength => Episodes.Count == 0 ? double.NaN : Episodes.Average(e => e.Length);
}

/// <summary>Runs dry runs.</summary>
public static class DryRun
{
    /// <summary>Flies <paramref name="policy"/> in the simulator its contract names.</summary>
    /// <exception cref="ArgumentException">Bad config, unknown environment, or a contract mismatch naming the field.</exception>
    public static DryRunResult Run(IPolicy policy, DryRunConfig config, IReadOnlyList<IKillSwitch>? killSwitches = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        string envId = policy.Contract.EnvId;
        if (!EnvRegistry.Ids.Contains(envId))
        {
            throw new ArgumentException($"contract mismatch: env_id: model has '{envId}', no simulator has it (known: {string.Join(", ", EnvRegistry.Ids)})");
        }
        var options = new EnvOptions { Randomization = config.Randomize ? new DomainRandomization() : null };
        using var plant = new SimPlant(EnvRegistry.CreateSingle(envId, options), config.Episodes, config.Seed);
        var loopConfig = new ControlLoopConfig
        {
            RateHz = config.RateHz,
            Realtime = config.Realtime,
            DurationSeconds = config.DurationSeconds,
            RealtimePriority = config.RealtimePriority,
            Cpu = config.Cpu,
        };
        loopConfig.Validate();
        var supervisor = new SafetySupervisor(policy.Contract, config.Safety, killSwitches);
        TelemetryRecorder? telemetry = config.TelemetryPath is null ? null
            : TelemetryRecorder.Create(config.TelemetryPath, policy.Contract, loopConfig.RateHz ?? policy.Contract.ControlHz, config.Realtime);
        LoopResult loop;
        try
        {
            using var controlLoop = new ControlLoop(plant, policy, supervisor, loopConfig, telemetry);
            loop = controlLoop.Run();
        }
        finally
        {
            telemetry?.Dispose();
        }
        return new DryRunResult(envId, plant.Episodes.ToArray(), loop with { TelemetryFailure = telemetry?.Failure });
    }
}
