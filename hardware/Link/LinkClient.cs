// The host end of the link, what `drl-run hw` drives: handshake, one command per tick, latest telemetry, counters,
// and an arming request that a tripped watchdog, a kill or a lost link withdraws until the caller asks again.
using System.Diagnostics;

namespace DrlRobot.Hardware.Link;

/// <summary>
/// Host side of the link over any <see cref="ILinkTransport"/>. Call <see cref="Handshake"/> once, then per control
/// tick <see cref="Poll"/> and <see cref="SendCommand"/>; neither throws nor allocates. Arming: after
/// <see cref="RequestArm"/> the client sends neutral commands with the arm flag until the device reports it is armed,
/// then the caller's values. When the device reports a watchdog trip, a kill or a disarm, or the transport
/// reconnects, the request is withdrawn and only another <see cref="RequestArm"/> arms again. Not thread-safe: the
/// control loop owns it.
/// </summary>
public sealed class LinkClient : IDisposable
{
    private readonly ILinkTransport _transport;
    private readonly LinkClientConfig _config;
    private readonly LinkDecoder _decoder = new();
    private readonly byte[] _received = new byte[4096];
    private readonly byte[] _payload = new byte[LinkProtocol.MaxPayloadLength];
    private readonly byte[] _wire = new byte[LinkProtocol.MaxWireLength];
    private readonly short[] _command;
    private readonly float[] _telemetry;
    private readonly long[] _sentAt = new long[256];
    private int _connection;
    private ushort _sequence;
    private bool _killRequested;
    private bool _deviceWasArmed;
    private LinkCapabilities? _capabilities;

    /// <summary>Creates a client over <paramref name="transport"/>, which it then owns.</summary>
    public LinkClient(ILinkTransport transport, LinkClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _transport = transport;
        _config = config;
        _command = new short[config.Actuators.Count];
        _telemetry = new float[config.ObservationNames.Count];
        _connection = transport.ConnectionCount;
    }

    /// <summary>What the device announced, once the handshake succeeded.</summary>
    public LinkCapabilities? Capabilities => _capabilities;

    /// <summary>The transport's health.</summary>
    public DeviceStatus TransportStatus => _transport.Status;

    /// <summary>Whether the client currently asks the device to arm.</summary>
    public bool ArmRequested { get; private set; }

    /// <summary>Why the last arming request was withdrawn (null while none was).</summary>
    public string? ArmWithdrawnReason { get; private set; }

    /// <summary>The device's status flags from its latest telemetry or heartbeat.</summary>
    public LinkStatusFlags DeviceStatus { get; private set; } = LinkStatusFlags.Failsafe;

    /// <summary>Whether the device said it is armed in its latest telemetry or heartbeat.</summary>
    public bool DeviceArmed => (DeviceStatus & LinkStatusFlags.Armed) != 0;

    /// <summary>Frames written to the transport.</summary>
    public long FramesSent { get; private set; }

    /// <summary>Frames decoded from the device.</summary>
    public long FramesReceived => _decoder.FramesDecoded;

    /// <summary>Frames thrown away: by the decoder, and telemetry with the wrong number of values.</summary>
    public long FramesRejected => _decoder.FramesRejected + TelemetryRejected;

    /// <summary>Sent, received and rejected frames, as one snapshot.</summary>
    public LinkCounters Counters => new(FramesSent, FramesReceived, FramesRejected);

    /// <summary>Commands the transport refused (a slow write or the link down).</summary>
    public long SendFailures { get; private set; }

    /// <summary>Telemetry frames whose value count differs from the model's observations.</summary>
    public long TelemetryRejected { get; private set; }

    /// <summary>The latest telemetry header (default before the first).</summary>
    public LinkTelemetryHeader LatestTelemetry { get; private set; }

    /// <summary>When the latest telemetry arrived, in <see cref="Stopwatch"/> ticks (0 before the first).</summary>
    public long LatestTelemetryTimestamp { get; private set; }

    /// <summary>Time since the latest telemetry, or <see cref="TimeSpan.MaxValue"/> before the first.</summary>
    public TimeSpan TelemetryAge => LatestTelemetryTimestamp == 0
        ? TimeSpan.MaxValue
        : Stopwatch.GetElapsedTime(LatestTelemetryTimestamp);

    /// <summary>Time from sending the command the latest telemetry echoes to receiving that telemetry.</summary>
    public TimeSpan LastRoundTrip { get; private set; }

    /// <summary>Sequence number of the last command sent; telemetry echoing it answers that command.</summary>
    public ushort LastCommandSequence { get; private set; }

    /// <summary>When anything valid last came from the device, in <see cref="Stopwatch"/> ticks (0 before).</summary>
    public long LastHeardTimestamp { get; private set; }

    /// <summary>
    /// Sends hello until capabilities arrive, then checks them against the model and sends one neutral command
    /// without the arm flag, so the device starts disarmed whatever an earlier host left it in. Throws
    /// <see cref="LinkRefusedException"/> naming what differs, or <see cref="IOException"/> when nothing answers in
    /// time. Nothing is armed either way.
    /// </summary>
    public LinkCapabilities Handshake()
    {
        _capabilities = null;
        ArmRequested = false;
        long start = Stopwatch.GetTimestamp();
        long lastHello = long.MinValue;
        LinkCapabilities? answer = null;
        while (answer is null)
        {
            long now = Stopwatch.GetTimestamp();
            int elapsedMs = (int)Stopwatch.GetElapsedTime(start, now).TotalMilliseconds;
            if (elapsedMs >= _config.HandshakeTimeoutMilliseconds)
            {
                throw new IOException($"no answer to hello from {_transport.PortName} within {_config.HandshakeTimeoutMilliseconds} ms " +
                                      $"(is the firmware running and the baud rate right?)");
            }
            if (lastHello == long.MinValue || Stopwatch.GetElapsedTime(lastHello, now).TotalMilliseconds >= _config.HelloIntervalMilliseconds)
            {
                Send(LinkMessageType.Hello, 0);
                lastHello = now;
            }
            _transport.WaitForData(Math.Min(_config.HelloIntervalMilliseconds, _config.HandshakeTimeoutMilliseconds - elapsedMs));
            answer = Receive(wantCapabilities: true);
        }
        Check(answer.Value);
        _capabilities = answer;
        // A device still armed by a host that died moments ago must not take this host's first values: disarm it.
        Array.Clear(_command);
        Send(LinkMessageType.Command, LinkCommand.Write(CommandFlags.None, _command, _payload));
        return answer.Value;
    }

    /// <summary>Asks the device to arm: neutral commands with the arm flag until it reports armed.</summary>
    public void RequestArm()
    {
        EnsureHandshake();
        ArmRequested = true;
        ArmWithdrawnReason = null;
        _killRequested = false;
        _deviceWasArmed = false;
    }

    /// <summary>Withdraws the arming request: the next command disarms the device.</summary>
    public void Disarm() => Withdraw("disarmed by the host");

    /// <summary>Sends kill with every following command (neutral, disarmed) until <see cref="RequestArm"/>.</summary>
    public void Kill()
    {
        _killRequested = true;
        Withdraw("killed by the host");
    }

    /// <summary>
    /// Sends one command: <paramref name="values"/> (actuator units, one per actuator) once the device is armed,
    /// neutral while arming or disarmed. Returns false when the transport refused it. Never throws per tick except
    /// for a wrong-length span or a missing handshake (programming errors).
    /// </summary>
    public bool SendCommand(ReadOnlySpan<float> values)
    {
        EnsureHandshake();
        if (values.Length != _command.Length)
        {
            throw new ArgumentException($"expected {_command.Length} actuator values, got {values.Length}", nameof(values));
        }
        bool live = ArmRequested && DeviceArmed && !_killRequested;
        for (int i = 0; i < _command.Length; i++)
        {
            _command[i] = live ? _config.Actuators[i].ToWire(values[i]) : (short)0;
        }
        CommandFlags flags = _killRequested ? CommandFlags.Kill : ArmRequested ? CommandFlags.Arm : CommandFlags.None;
        _sentAt[(byte)_sequence] = Stopwatch.GetTimestamp();
        LastCommandSequence = _sequence;
        int n = LinkCommand.Write(flags, _command, _payload);
        bool sent = Send(LinkMessageType.Command, n);
        if (!sent)
        {
            // One frame lost to a slow write is like a dropped frame; a port that is gone ends the arming request.
            SendFailures++;
            if (_transport.Status == Hardware.DeviceStatus.Failed)
            {
                Withdraw($"link to {_transport.PortName} is down");
            }
        }
        return sent;
    }

    /// <summary>Blocks until bytes from the device wait or <paramref name="timeoutMilliseconds"/> pass.</summary>
    public bool WaitForData(int timeoutMilliseconds) => _transport.WaitForData(timeoutMilliseconds);

    /// <summary>Reads whatever the device sent and updates telemetry, status and counters.</summary>
    public void Poll() => Receive(wantCapabilities: false);

    /// <summary>Copies the latest telemetry values into <paramref name="values"/>; false before the first telemetry.</summary>
    public bool TryGetTelemetry(Span<float> values)
    {
        if (LatestTelemetryTimestamp == 0)
        {
            return false;
        }
        _telemetry.CopyTo(values);
        return true;
    }

    /// <summary>Closes the transport (the device's watchdog then takes its outputs to neutral).</summary>
    public void Dispose() => _transport.Dispose();

    private void EnsureHandshake()
    {
        if (_capabilities is null)
        {
            throw new InvalidOperationException("the link handshake has not succeeded");
        }
    }

    private void Withdraw(string reason)
    {
        if (ArmRequested)
        {
            ArmRequested = false;
            ArmWithdrawnReason = reason;
        }
    }

    private void Check(LinkCapabilities caps)
    {
        string port = _transport.PortName;
        if (caps.ProtocolVersion != LinkProtocol.Version)
        {
            throw new LinkRefusedException(LinkRefusal.ProtocolVersion,
                $"device on {port} speaks link protocol {caps.ProtocolVersion}, this host speaks {LinkProtocol.Version}; update the firmware or the host");
        }
        if (caps.ActuatorCount != _config.Actuators.Count)
        {
            throw new LinkRefusedException(LinkRefusal.ActuatorCount,
                $"device on {port} drives {caps.ActuatorCount} actuators, the model has {_config.Actuators.Count} ({string.Join(", ", _config.Actuators.Select(a => a.Name))})");
        }
        if (caps.ObservationCount != _config.ObservationNames.Count)
        {
            throw new LinkRefusedException(LinkRefusal.ObservationCount,
                $"device on {port} reports {caps.ObservationCount} observations, the model has {_config.ObservationNames.Count} ({string.Join(", ", _config.ObservationNames)})");
        }
        uint expected = _config.NamesHash;
        if (caps.NamesHash != expected)
        {
            throw new LinkRefusedException(LinkRefusal.NamesHash,
                $"device on {port} has names hash 0x{caps.NamesHash:X8}, the model has 0x{expected:X8} (actuators {string.Join(", ", _config.Actuators.Select(a => a.Name))}; " +
                $"observations {string.Join(", ", _config.ObservationNames)}): same sizes, other names or order");
        }
    }

    private LinkCapabilities? Receive(bool wantCapabilities)
    {
        LinkCapabilities? capabilities = null;
        if (_transport.ConnectionCount != _connection)
        {
            _connection = _transport.ConnectionCount;
            _decoder.Reset();
            Withdraw($"link to {_transport.PortName} was lost and came back");
        }
        int n;
        while ((n = _transport.Read(_received)) > 0)
        {
            ReadOnlySpan<byte> input = _received.AsSpan(0, n);
            while (_decoder.TryDecode(ref input, out LinkFrame frame))
            {
                long now = Stopwatch.GetTimestamp();
                LastHeardTimestamp = now;
                switch (frame.Type)
                {
                    case LinkMessageType.Capabilities when wantCapabilities:
                        capabilities = LinkCapabilities.Read(frame.Payload);
                        break;
                    case LinkMessageType.Telemetry:
                        OnTelemetry(frame.Payload, now);
                        break;
                    case LinkMessageType.Heartbeat:
                        OnStatus(LinkHeartbeat.Read(frame.Payload).Status);
                        break;
                    default:
                        break;
                }
            }
        }
        return capabilities;
    }

    private void OnTelemetry(ReadOnlySpan<byte> payload, long now)
    {
        if (LinkTelemetryHeader.ReadCount(payload) != _telemetry.Length)
        {
            TelemetryRejected++;
            return;
        }
        LinkTelemetryHeader header = LinkTelemetryHeader.Read(payload);
        LinkTelemetryHeader.ReadValues(payload, _telemetry);
        LatestTelemetry = header;
        LatestTelemetryTimestamp = now;
        long sentAt = _sentAt[(byte)header.EchoSequence];
        if (sentAt != 0)
        {
            LastRoundTrip = Stopwatch.GetElapsedTime(sentAt, now);
        }
        OnStatus(header.Status);
    }

    private void OnStatus(LinkStatusFlags status)
    {
        DeviceStatus = status;
        bool armed = (status & LinkStatusFlags.Armed) != 0;
        if (armed && ArmRequested)
        {
            _deviceWasArmed = true;
        }
        else if (!armed && _deviceWasArmed && ArmRequested)
        {
            // The device dropped out of armed by itself: never talk it back into arming without the caller.
            Withdraw((status & LinkStatusFlags.WatchdogTripped) != 0 ? "device watchdog tripped"
                     : (status & LinkStatusFlags.Killed) != 0 ? "device reports killed" : "device disarmed");
            _deviceWasArmed = false;
        }
    }

    private bool Send(LinkMessageType type, int payloadLength)
    {
        int n = LinkFrameWriter.Write(type, _sequence++, _payload.AsSpan(0, payloadLength), _wire);
        if (!_transport.Write(_wire.AsSpan(0, n)))
        {
            return false;
        }
        FramesSent++;
        return true;
    }
}
