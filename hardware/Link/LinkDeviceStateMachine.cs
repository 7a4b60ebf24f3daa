// The device end of the link without physics: what the firmware does with frames (watchdog, arming, kill), in C#,
// so the emulator behaves exactly like the board. hardware/firmware/drl_link/link_device.cpp is its twin.
namespace DrlRobot.Hardware.Link;

/// <summary>
/// Firmware-equivalent device logic. Feed it received bytes and the time, call <see cref="Tick"/> regularly, and send
/// what <see cref="Outgoing"/> holds. <see cref="Outputs"/> are the int16 wire values the outputs hold right now
/// (0 = neutral). Time is in microseconds of any monotonic clock. Not thread-safe; allocates nothing after construction.
/// </summary>
public sealed class LinkDeviceStateMachine
{
    private readonly LinkDeviceConfig _config;
    private readonly LinkDecoder _decoder = new();
    private readonly short[] _outputs;
    private readonly short[] _command = new short[LinkProtocol.MaxActuators];
    private readonly float[] _observations;
    private readonly byte[] _payload = new byte[LinkProtocol.MaxPayloadLength];
    private readonly byte[] _outgoing = new byte[LinkProtocol.MaxWireLength * 16];
    private int _outgoingLength;
    private ushort _sequence;
    private ushort _echoSequence;
    private int _armStreak;
    private long _lastValidCommandMicros;
    private long _lastSentMicros;
    private long _semanticRejects;

    /// <summary>Creates a disarmed device with every output neutral; throws when <paramref name="config"/> is invalid.</summary>
    public LinkDeviceStateMachine(LinkDeviceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        _outputs = new short[config.ActuatorCount];
        _observations = new float[config.ObservationCount];
    }

    /// <summary>The configuration it was built with.</summary>
    public LinkDeviceConfig Config => _config;

    /// <summary>Wire values the outputs hold now; all 0 unless armed.</summary>
    public ReadOnlySpan<short> Outputs => _outputs;

    /// <summary>Whether the outputs follow commands.</summary>
    public bool Armed { get; private set; }

    /// <summary>Whether the watchdog tripped since the device was last armed.</summary>
    public bool WatchdogTripped { get; private set; }

    /// <summary>Whether a kill flag disarmed it since it was last armed.</summary>
    public bool Killed { get; private set; }

    /// <summary>The status flags it reports.</summary>
    public LinkStatusFlags Status =>
        (Armed ? LinkStatusFlags.Armed : LinkStatusFlags.Failsafe)
        | (WatchdogTripped ? LinkStatusFlags.WatchdogTripped : 0)
        | (Killed ? LinkStatusFlags.Killed : 0);

    /// <summary>Frames the decoder accepted.</summary>
    public long FramesReceived => _decoder.FramesDecoded;

    /// <summary>Frames thrown away: by the decoder, and commands with a wrong count or a reserved value.</summary>
    public long FramesRejected => _decoder.FramesRejected + _semanticRejects;

    /// <summary>The decoder, for its per-reason counters.</summary>
    public LinkDecoder Decoder => _decoder;

    /// <summary>Valid commands received (each answered with telemetry).</summary>
    public long CommandsAccepted { get; private set; }

    /// <summary>Valid commands whose values reached the outputs (armed, arm flag set, no kill).</summary>
    public long CommandsApplied { get; private set; }

    /// <summary>Times the watchdog tripped.</summary>
    public long WatchdogTrips { get; private set; }

    /// <summary>The link sequence number of the last valid command (the host numbers every frame it sends).</summary>
    public ushort LastCommandSequence => _echoSequence;

    /// <summary>When the last valid command arrived (device clock, µs).</summary>
    public long LastValidCommandMicros => _lastValidCommandMicros;

    /// <summary>When the watchdog last tripped (device clock, µs; 0 before it ever did).</summary>
    public long WatchdogTrippedAtMicros { get; private set; }

    /// <summary>Frames waiting to be sent, in order.</summary>
    public ReadOnlySpan<byte> Outgoing => _outgoing.AsSpan(0, _outgoingLength);

    /// <summary>Frames that did not fit in the outgoing buffer because nobody drained it.</summary>
    public long OutgoingOverflows { get; private set; }

    /// <summary>Forgets <see cref="Outgoing"/> once it has been sent.</summary>
    public void ClearOutgoing() => _outgoingLength = 0;

    /// <summary>Sets the values the next telemetry reports (sensor readings or the emulator's observation).</summary>
    public void SetObservations(ReadOnlySpan<float> values)
    {
        if (values.Length != _observations.Length)
        {
            throw new ArgumentException($"expected {_observations.Length} observations, got {values.Length}", nameof(values));
        }
        values.CopyTo(_observations);
    }

    /// <summary>Decodes <paramref name="bytes"/> received at <paramref name="nowMicros"/> and acts on each frame.</summary>
    public void Receive(ReadOnlySpan<byte> bytes, long nowMicros)
    {
        while (_decoder.TryDecode(ref bytes, out LinkFrame frame))
        {
            switch (frame.Type)
            {
                case LinkMessageType.Hello:
                    SendCapabilities(nowMicros);
                    break;
                case LinkMessageType.Command:
                    OnCommand(frame, nowMicros);
                    break;
                default:
                    // Heartbeats from the host only prove it is alive; they must not feed the watchdog.
                    break;
            }
        }
    }

    /// <summary>Runs the watchdog and the heartbeat; call it at least every few milliseconds.</summary>
    public void Tick(long nowMicros)
    {
        if (Armed && nowMicros - _lastValidCommandMicros > _config.WatchdogMilliseconds * 1000L)
        {
            Disarm();
            WatchdogTripped = true;
            WatchdogTrips++;
            WatchdogTrippedAtMicros = nowMicros;
        }
        if (nowMicros - _lastSentMicros >= _config.HeartbeatMilliseconds * 1000L)
        {
            int n = new LinkHeartbeat((uint)nowMicros, Status).Write(_payload);
            Send(LinkMessageType.Heartbeat, n, nowMicros);
        }
    }

    private void OnCommand(LinkFrame frame, long nowMicros)
    {
        int count = LinkCommand.ReadValues(frame.Payload, _command);
        bool valid = count == _outputs.Length;
        for (int i = 0; valid && i < count; i++)
        {
            valid = _command[i] != LinkProtocol.InvalidCommandValue;
        }
        if (!valid)
        {
            _semanticRejects++;
            _armStreak = 0;
            return;
        }
        CommandsAccepted++;
        _lastValidCommandMicros = nowMicros;
        _echoSequence = frame.Sequence;
        CommandFlags flags = LinkCommand.ReadFlags(frame.Payload);
        if ((flags & CommandFlags.Kill) != 0)
        {
            Disarm();
            Killed = true;
        }
        else if (Armed && (flags & CommandFlags.Arm) != 0)
        {
            _command.AsSpan(0, count).CopyTo(_outputs);
            CommandsApplied++;
        }
        else if (Armed)
        {
            Disarm();
        }
        else if ((flags & CommandFlags.Arm) != 0 && _command.AsSpan(0, count).IndexOfAnyExcept((short)0) < 0)
        {
            if (++_armStreak >= _config.ArmNeutralCommands)
            {
                Armed = true;
                WatchdogTripped = false;
                Killed = false;
                _armStreak = 0;
            }
        }
        else
        {
            _armStreak = 0;
        }
        SendTelemetry(nowMicros);
    }

    private void Disarm()
    {
        Armed = false;
        _armStreak = 0;
        Array.Clear(_outputs);
    }

    private void SendCapabilities(long nowMicros)
    {
        int n = new LinkCapabilities(LinkProtocol.Version, (byte)_config.ActuatorCount, (byte)_config.ObservationCount,
            _config.NamesHash, (ushort)_config.WatchdogMilliseconds, (byte)_config.ArmNeutralCommands).Write(_payload);
        Send(LinkMessageType.Capabilities, n, nowMicros);
    }

    private void SendTelemetry(long nowMicros)
    {
        int n = new LinkTelemetryHeader(_echoSequence, (uint)nowMicros, Status, (ushort)FramesRejected)
            .Write(_observations, _payload);
        Send(LinkMessageType.Telemetry, n, nowMicros);
    }

    private void Send(LinkMessageType type, int payloadLength, long nowMicros)
    {
        _lastSentMicros = nowMicros;
        if (_outgoingLength + LinkProtocol.MaxWireLength > _outgoing.Length)
        {
            OutgoingOverflows++;
            return;
        }
        _outgoingLength += LinkFrameWriter.Write(type, _sequence++, _payload.AsSpan(0, payloadLength),
                                                 _outgoing.AsSpan(_outgoingLength));
    }
}
