// The robot at the far end of the serial link as a plant: one command per tick, observations from telemetry. The
// device is asked to arm only once the safety supervisor has finished its own arming sequence, and an arming the
// device withdraws (watchdog, kill, a lost and returned link) makes the plant unhealthy, so the supervisor latches
// and nothing re-arms without an operator.
using System.Diagnostics;
using DrlRobot.Hardware;
using DrlRobot.Hardware.Link;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Safety;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Hil;

/// <summary>An <see cref="IPlant"/> over a <see cref="LinkClient"/> whose handshake has succeeded; owns the client.</summary>
public sealed class LinkPlant : IPlant
{
    private readonly LinkClient _client;
    private readonly SafetySupervisor? _supervisor;
    private readonly float[] _neutral;
    private bool _armRequested;
    private bool _primed;
    private bool _disposed;

    /// <param name="contract">The model's contract (the handshake checked the device against it).</param>
    /// <param name="client">The link; its handshake must have succeeded.</param>
    /// <param name="supervisor">Arms the device once it is armed itself; null never arms (shadow mode).</param>
    public LinkPlant(RobotContract contract, LinkClient client, SafetySupervisor? supervisor)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(client);
        if (client.Capabilities is null)
        {
            throw new InvalidOperationException("the link handshake has not succeeded");
        }
        Contract = contract;
        _client = client;
        _supervisor = supervisor;
        _neutral = [.. contract.Actuators.Select(a => a.Neutral)];
    }

    /// <inheritdoc />
    public RobotContract Contract { get; }

    /// <inheritdoc />
    public string Label => "link device";

    /// <inheritdoc />
    public bool Finished => false;

    /// <inheritdoc />
    public int Episode => 0;

    /// <summary>The link client, for counters and the device's status.</summary>
    public LinkClient Client => _client;

    /// <summary>Unhealthy when the port is down or the device dropped an arming this plant asked for.</summary>
    public bool Healthy => _client.TransportStatus != DeviceStatus.Failed && (!_armRequested || _client.ArmRequested);

    /// <summary>Why the plant is unhealthy, for the summary (null while healthy).</summary>
    public string? FaultDetail => _client.TransportStatus == DeviceStatus.Failed ? "the serial link is down"
        : _armRequested && !_client.ArmRequested ? _client.ArmWithdrawnReason : null;

    /// <summary>Blocks until the device's first telemetry arrives; throws <see cref="IOException"/> when none does in time.</summary>
    public void WaitForTelemetry(TimeSpan timeout)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            _client.Poll();
            if (_client.LatestTelemetryTimestamp != 0)
            {
                return;
            }
            TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                throw new IOException($"the device answered the handshake but sent no telemetry within {timeout.TotalMilliseconds:0} ms");
            }
            // Telemetry answers commands: keep one unarmed neutral command going per wait.
            _client.SendCommand(_neutral);
            _client.WaitForData((int)Math.Clamp(left.TotalMilliseconds, 1, 20));
        }
    }

    /// <summary>Polls the link; the observation is the latest telemetry, stamped with when it arrived.</summary>
    /// <remarks>
    /// Telemetry answers commands, so in steady state each tick reads the answer to the previous tick's command. The
    /// first tick has no previous command (start-up may have taken longer than the staleness limit), so it sends an
    /// unarmed neutral command and waits up to a few milliseconds for the answer.
    /// </remarks>
    public bool Sense(Span<float> observation, out long timestamp)
    {
        if (!_primed)
        {
            _primed = true;
            long asked = Stopwatch.GetTimestamp();
            _client.SendCommand(_neutral);
            while (_client.LatestTelemetryTimestamp < asked && Stopwatch.GetElapsedTime(asked).TotalMilliseconds < 10)
            {
                _client.WaitForData(1);
                _client.Poll();
            }
        }
        _client.Poll();
        timestamp = _client.LatestTelemetryTimestamp;
        return _client.TryGetTelemetry(observation);
    }

    /// <summary>Sends the command; on the first tick the supervisor is armed, asks the device to arm.</summary>
    public void Command(ReadOnlySpan<float> command)
    {
        if (!_armRequested && _supervisor is { State: SupervisorState.Armed })
        {
            _client.RequestArm();
            _armRequested = true;
        }
        _client.SendCommand(command);
    }

    /// <summary>Sends neutral (the device holds neutral while armed, and is neutral anyway when not).</summary>
    public void CommandNeutral()
    {
        if (!_disposed)
        {
            _client.SendCommand(_neutral);
        }
    }

    /// <summary>How long closing waits for the device to report itself disarmed, so the run reports what the device said.</summary>
    public static readonly TimeSpan DisarmConfirmTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// After <see cref="Dispose"/>: whether the device's telemetry, received after the host's disarm, still said armed;
    /// null when the device sent nothing after it (the link was gone, or the plant was not closed yet).
    /// </summary>
    public bool? DeviceArmedAfterClose { get; private set; }

    /// <summary>
    /// Disarms the device with a neutral command, waits briefly for its telemetry to say so, then closes the link (the
    /// device's watchdog covers a lost frame, and a device that never answers only delays the close).
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        long before = _client.LatestTelemetryTimestamp;
        _client.Disarm();
        _client.SendCommand(_neutral);
        _disposed = true;
        long start = Stopwatch.GetTimestamp();
        bool answered = false;
        while ((!answered || _client.DeviceArmed) && Stopwatch.GetElapsedTime(start) < DisarmConfirmTimeout)
        {
            if (_client.WaitForData(5))
            {
                _client.Poll();
                answered = _client.LatestTelemetryTimestamp != before;
            }
            else
            {
                // Commands keep the device's link watchdog from taking over while it has not yet answered.
                _client.SendCommand(_neutral);
            }
        }
        DeviceArmedAfterClose = answered ? _client.DeviceArmed : null;
        _client.Dispose();
    }
}
