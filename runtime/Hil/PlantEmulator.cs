// `drl-run emulate`: the robot and its microcontroller at the far end of a serial link. The microcontroller is the
// firmware-equivalent state machine (watchdog, arming, kill) behind fault injectors; the robot is the simulator,
// stepped at its contract's rate on the wall clock with whatever the device's outputs hold. Each episode starts when
// the device is armed (the robot waits on its stand); after that physics runs whether or not commands arrive.
// In lockstep the robot's time follows the host's commands instead: one control period per command that arrives, plus
// one on the held outputs for each command lost on the way (a gap in the link's sequence numbers), so a stall of
// either process on a busy machine slows the flight down rather than changing it. The device's watchdog and the host's staleness
// limit stay on the wall clock in both modes.
using DrlRobot.Hardware.Link;
using DrlRobot.Runtime.Control;
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Hil;

/// <summary>Settings of <see cref="PlantEmulator"/>.</summary>
public sealed record EmulatorConfig
{
    /// <summary>The environment the emulated robot is.</summary>
    public string EnvId { get; init; } = "";

    /// <summary>The serial port (the device end of the cable).</summary>
    public string Port { get; init; } = "";

    /// <summary>Baud rate.</summary>
    public int Baud { get; init; } = 115_200;

    /// <summary>Episodes to play before ending.</summary>
    public int Episodes { get; init; } = 10;

    /// <summary>Seed of the first episode; episode i uses seed + i. Also seeds the fault injectors.</summary>
    public ulong Seed { get; init; }

    /// <summary>Probability that a frame (either way) is lost.</summary>
    public double Drop { get; init; }

    /// <summary>Probability that a frame (either way) has bits flipped.</summary>
    public double Corrupt { get; init; }

    /// <summary>Delay added to every frame, ms.</summary>
    public int DelayMs { get; init; }

    /// <summary>The device's watchdog: no valid command for this long while armed → neutral.</summary>
    public int WatchdogMs { get; init; } = 250;

    /// <summary>
    /// Pulls the cable once, after this many seconds of flight (simulated time since the device first armed); 0 never.
    /// The emulator's own loop pulls it, so the moment is exact in flight time however busy the host is.
    /// </summary>
    public double DisconnectAtSeconds { get; init; }

    /// <summary>How long the scheduled cable pull lasts, ms.</summary>
    public int DisconnectMs { get; init; } = 500;

    /// <summary>
    /// Steps the robot once per command the host sent rather than on the wall clock (see the file header): flights
    /// whose outcome a loaded machine cannot change. Off by default: a real robot does not wait for its host.
    /// </summary>
    public bool Lockstep { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (!EnvRegistry.Ids.Contains(EnvId))
        {
            throw new ArgumentException($"unknown environment '{EnvId}'; valid ids: {string.Join(", ", EnvRegistry.Ids)}", nameof(EnvId));
        }
        if (string.IsNullOrWhiteSpace(Port))
        {
            throw new ArgumentException("--port must name a serial port", nameof(Port));
        }
        if (Episodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Episodes), Episodes, "episodes must be at least 1");
        }
        if (!double.IsFinite(DisconnectAtSeconds) || DisconnectAtSeconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DisconnectAtSeconds), DisconnectAtSeconds, "--disconnect-at must be a number of seconds ≥ 0");
        }
        if (DisconnectMs is < 1 or > 60_000)
        {
            throw new ArgumentOutOfRangeException(nameof(DisconnectMs), DisconnectMs, "--disconnect-ms must be between 1 and 60000");
        }
        Faults(0).Validate();
        new LinkDeviceConfig { WatchdogMilliseconds = WatchdogMs }.Validate();
    }

    internal LinkFaultConfig Faults(int stream) => new()
    {
        DropProbability = Drop, CorruptProbability = Corrupt, DelayMilliseconds = DelayMs, Seed = unchecked((int)Seed + (stream * 7919)),
    };
}

/// <summary>What an emulation did.</summary>
public sealed record EmulatorResult
{
    /// <summary>Completed episodes, in order.</summary>
    public required IReadOnlyList<EpisodeResult> Episodes { get; init; }

    /// <summary>Frames the device decoded.</summary>
    public long FramesReceived { get; init; }

    /// <summary>Frames the device threw away.</summary>
    public long FramesRejected { get; init; }

    /// <summary>Commands whose values reached the outputs.</summary>
    public long CommandsApplied { get; init; }

    /// <summary>Corrupted frames accepted as commands (must be 0).</summary>
    public long CorruptedCommandsApplied { get; init; }

    /// <summary>Times the device's watchdog tripped.</summary>
    public long WatchdogTrips { get; init; }

    /// <summary>Longest time from the last valid command to the watchdog taking the outputs neutral, ms.</summary>
    public double MaxWatchdogLatencyMs { get; init; }

    /// <summary>
    /// Longest gap between two passes of the device loop, ms: how late the device could act on anything (a microcontroller
    /// loops in microseconds; an emulator on a busy host may be descheduled). The watchdog trips within this of its limit.
    /// </summary>
    public double MaxLoopGapMs { get; init; }

    /// <summary>Control periods the robot flew with outputs held because the host's command for them never arrived (lockstep).</summary>
    public long HeldPeriods { get; init; }

    /// <summary>Why the emulation ended: "episodes", "cancelled" or "link_lost".</summary>
    public required string EndReason { get; init; }

    /// <summary>Mean episode return.</summary>
    public double MeanReturn => Episodes.Count == 0 ? double.NaN : Episodes.Average(e => e.Return);

    /// <summary>Fraction of episodes that ended in success.</summary>
    public double SuccessRate => Episodes.Count == 0 ? double.NaN : Episodes.Count(e => e.Success) / (double)Episodes.Count;
}

/// <summary>Plays a simulated robot and its microcontroller on a serial port until its episodes are done.</summary>
public sealed class PlantEmulator : IDisposable
{
    private readonly EmulatorConfig _config;
    private readonly IRobotSim _sim;
    private readonly LinkDeviceEndpoint _endpoint;
    private readonly float[] _observation, _outputs, _held;
    private readonly long _pullAtStep;
    private readonly List<EpisodeResult> _episodes = [];
    private long _disconnectMicros = -1, _disconnectUntilMicros;
    private double _maxWatchdogLatencyMs, _episodeReturn;
    private long _maxLoopGapMicros, _heldPeriods, _flown;
    private int _episodesDone, _episodeLength;

    private PlantEmulator(EmulatorConfig config, ILinkTransport transport)
    {
        _config = config;
        _sim = EnvRegistry.CreateSingle(config.EnvId);
        RobotContract contract = _sim.Contract;
        var device = new LinkDeviceStateMachine(new LinkDeviceConfig
        {
            ActuatorCount = contract.Actuators.Count,
            ObservationCount = contract.Observations.Count,
            NamesHash = LinkNamesHash.Compute([.. contract.Actuators.Select(a => a.Name)], [.. contract.Observations.Select(o => o.Name)]),
            WatchdogMilliseconds = config.WatchdogMs,
        });
        LinkActuator[] actuators = [.. contract.Actuators.Select(a => new LinkActuator(a.Name, a.Low, a.High, a.Neutral))];
        _endpoint = new LinkDeviceEndpoint(transport, device, actuators, config.Faults(1), config.Faults(2));
        _observation = new float[contract.Observations.Count];
        _outputs = new float[contract.Actuators.Count];
        _held = new float[contract.Actuators.Count];
        _pullAtStep = config.DisconnectAtSeconds > 0 ? Math.Max(1, (long)Math.Round(config.DisconnectAtSeconds * contract.ControlHz)) : -1;
    }

    /// <summary>The device end of the link (the firmware twin), for inspection between runs.</summary>
    public LinkDeviceEndpoint Endpoint => _endpoint;

    /// <summary>Whether the device's outputs follow commands right now.</summary>
    public bool DeviceArmed => _endpoint.Device.Armed;

    /// <summary>Commands applied so far (read from another thread: a recent value, not a synchronised one).</summary>
    public long CommandsApplied => _endpoint.Device.CommandsApplied;

    /// <summary>Episodes completed so far.</summary>
    public int EpisodesDone => Volatile.Read(ref _episodesDone);

    /// <summary>Opens the port and builds the device; a port that is missing or cannot be opened is an <see cref="IOException"/>.</summary>
    public static PlantEmulator Open(EmulatorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        SerialLink link = SerialLink.Open(new SerialLinkConfig { PortName = config.Port, BaudRate = config.Baud });
        try
        {
            return new PlantEmulator(config, link);
        }
        catch
        {
            link.Dispose();
            throw;
        }
    }

    /// <summary>Pulls the cable for <paramref name="duration"/> from now: nothing gets through either way. Thread-safe.</summary>
    public void Disconnect(TimeSpan duration)
    {
        long now = LinkClock.NowMicros;
        Volatile.Write(ref _disconnectUntilMicros, now + (long)duration.TotalMicroseconds);
        Volatile.Write(ref _disconnectMicros, now);
    }

    /// <summary>When the emulator loop applied the last <see cref="Disconnect"/> (µs on <see cref="LinkClock.NowMicros"/>), or −1.</summary>
    public long DisconnectedAtMicros { get; private set; } = -1;

    /// <summary>Plays until the episodes are done, <paramref name="cancel"/> fires, or the port stays down for a second.</summary>
    public EmulatorResult Run(CancellationToken cancel = default)
    {
        long period = (long)Math.Round(1e6 / _sim.Contract.ControlHz);
        _sim.Reset(_config.Seed, _observation);
        _endpoint.Device.SetObservations(_observation);
        bool running = false;
        long nextStep = 0, downSince = -1, lastPass = -1, acceptedSeen = 0;
        ushort lastSequence = 0;
        long trips = 0;
        string end = "episodes";
        while (_episodes.Count < _config.Episodes)
        {
            if (cancel.IsCancellationRequested)
            {
                end = "cancelled";
                break;
            }
            long now = LinkClock.NowMicros;
            if (lastPass >= 0)
            {
                _maxLoopGapMicros = Math.Max(_maxLoopGapMicros, now - lastPass);
            }
            lastPass = now;
            if (_endpoint.TransportStatus == Hardware.DeviceStatus.Failed)
            {
                downSince = downSince < 0 ? now : downSince;
                if (now - downSince > 1_000_000)
                {
                    end = "link_lost";
                    break;
                }
            }
            else
            {
                downSince = -1;
            }
            long disconnect = Volatile.Read(ref _disconnectMicros);
            if (disconnect >= 0)
            {
                Volatile.Write(ref _disconnectMicros, -1);
                DisconnectedAtMicros = LinkClock.NowMicros;
                _endpoint.Disconnect(Volatile.Read(ref _disconnectUntilMicros));
            }
            _endpoint.WaitForData(1);
            // What the outputs held before this poll: the value a lost command's period flies with in lockstep.
            _endpoint.ReadOutputs(_held);
            now = LinkClock.NowMicros;
            _maxLoopGapMicros = Math.Max(_maxLoopGapMicros, now - lastPass);
            lastPass = now;
            _endpoint.Poll(now);
            LinkDeviceStateMachine device = _endpoint.Device;
            if (device.WatchdogTrips != trips)
            {
                trips = device.WatchdogTrips;
                _maxWatchdogLatencyMs = Math.Max(_maxWatchdogLatencyMs, (device.WatchdogTrippedAtMicros - device.LastValidCommandMicros) / 1000.0);
            }
            if (!running)
            {
                // The robot waits on its stand until its microcontroller is armed.
                if (device.Armed)
                {
                    running = true;
                    nextStep = now;
                    (acceptedSeen, lastSequence) = (device.CommandsAccepted, device.LastCommandSequence);
                }
                continue;
            }
            // Periods to fly now, and how many of them lead with the outputs held from before this poll because the
            // host's command for them never arrived (lockstep; on the wall clock a lost command is simply not there).
            int periods, lost = 0;
            if (_config.Lockstep)
            {
                long accepted = device.CommandsAccepted - acceptedSeen;
                if (accepted == 0)
                {
                    continue;
                }
                acceptedSeen = device.CommandsAccepted;
                // Commands that queued up while this loop was not running were all computed from the state the robot
                // still has (it did not move meanwhile): one period flies the newest. A gap in the sequence numbers
                // beyond them is commands lost on the way: periods the robot flies on the held outputs first.
                int sent = (ushort)(device.LastCommandSequence - lastSequence);
                lastSequence = device.LastCommandSequence;
                lost = (int)Math.Max(0, sent - accepted);
                periods = lost + 1;
            }
            else
            {
                if (now < nextStep)
                {
                    continue;
                }
                // Keep the wall-clock grid; after a stall, pick up from now rather than rushing to catch up.
                nextStep = now - nextStep > period ? now + period : nextStep + period;
                periods = 1;
            }
            _endpoint.ReadOutputs(_outputs);
            for (int p = 0; p < periods; p++)
            {
                bool held = p < lost;
                _heldPeriods += held ? 1 : 0;
                if (FlyEndsEpisode(held ? _held : _outputs))
                {
                    // The next episode starts at once while the device stays armed, else when it is armed again.
                    running = device.Armed;
                    break;
                }
            }
            device.SetObservations(_observation);
        }
        LinkDeviceStateMachine d = _endpoint.Device;
        return new EmulatorResult
        {
            Episodes = [.. _episodes],
            FramesReceived = d.FramesReceived,
            FramesRejected = d.FramesRejected,
            CommandsApplied = d.CommandsApplied,
            CorruptedCommandsApplied = _endpoint.CorruptedCommandsApplied,
            WatchdogTrips = d.WatchdogTrips,
            MaxWatchdogLatencyMs = _maxWatchdogLatencyMs,
            MaxLoopGapMs = _maxLoopGapMicros / 1000.0,
            HeldPeriods = _heldPeriods,
            EndReason = end,
        };
    }

    // One control period of flight with `outputs`; true when it ended the episode (the robot is then reset for the next).
    private bool FlyEndsEpisode(float[] outputs)
    {
        StepResult step = _sim.Step(outputs, _observation);
        if (++_flown == _pullAtStep)
        {
            Disconnect(TimeSpan.FromMilliseconds(_config.DisconnectMs));
        }
        _episodeReturn += step.Reward;
        _episodeLength++;
        if (!step.Terminated && !step.Truncated)
        {
            return false;
        }
        _episodes.Add(new EpisodeResult(_episodeReturn, _episodeLength, step.Success));
        Volatile.Write(ref _episodesDone, _episodes.Count);
        (_episodeReturn, _episodeLength) = (0, 0);
        _sim.Reset(_config.Seed + (ulong)_episodes.Count, _observation);
        return true;
    }

    /// <summary>Closes the port (a real board's outputs would already be neutral by its watchdog).</summary>
    public void Dispose()
    {
        _endpoint.Dispose();
        _sim.Dispose();
    }
}
