// The emulator's end of a real link: transport ↔ fault injectors ↔ the firmware-equivalent state machine.
namespace DrlRobot.Hardware.Link;

/// <summary>
/// What `drl-run emulate` drives once per loop: <see cref="Poll"/> moves bytes in both directions through the fault
/// injectors and runs the device logic; <see cref="ReadOutputs"/> gives the plant its actuator values and
/// <see cref="LinkDeviceStateMachine.SetObservations"/> takes the plant's observation. It also counts what the HIL
/// tests must prove: corrupted commands that reached an actuator (expected 0). Allocates nothing per poll.
/// </summary>
public sealed class LinkDeviceEndpoint : IDisposable
{
    private readonly ILinkTransport _transport;
    private readonly IReadOnlyList<LinkActuator> _actuators;
    private readonly byte[] _received = new byte[4096];
    private int _connection;

    /// <summary>Wires <paramref name="device"/> to <paramref name="transport"/>, which it then owns.</summary>
    /// <param name="transport">The link; disposed with the endpoint.</param>
    /// <param name="device">The device logic.</param>
    /// <param name="actuators">The actuators in contract order, for turning wire values into plant commands.</param>
    /// <param name="inboundFaults">Faults on frames from the host (commands); null injects none.</param>
    /// <param name="outboundFaults">Faults on frames to the host (telemetry); null injects none.</param>
    public LinkDeviceEndpoint(ILinkTransport transport, LinkDeviceStateMachine device, IReadOnlyList<LinkActuator> actuators,
                              LinkFaultConfig? inboundFaults = null, LinkFaultConfig? outboundFaults = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(actuators);
        if (actuators.Count != device.Config.ActuatorCount)
        {
            throw new ArgumentException($"{actuators.Count} actuators for a device with {device.Config.ActuatorCount}", nameof(actuators));
        }
        foreach (LinkActuator actuator in actuators)
        {
            actuator.Validate();
        }
        _transport = transport;
        Device = device;
        _actuators = actuators;
        Inbound = new LinkFaultInjector(inboundFaults ?? new LinkFaultConfig());
        Outbound = new LinkFaultInjector(outboundFaults ?? new LinkFaultConfig());
        _connection = transport.ConnectionCount;
    }

    /// <summary>The device logic.</summary>
    public LinkDeviceStateMachine Device { get; }

    /// <summary>Faults on the way in (host → device).</summary>
    public LinkFaultInjector Inbound { get; }

    /// <summary>Faults on the way out (device → host).</summary>
    public LinkFaultInjector Outbound { get; }

    /// <summary>The transport's health.</summary>
    public DeviceStatus TransportStatus => _transport.Status;

    /// <summary>Corrupted frames the device nonetheless accepted as a command (the CRC let one through). Must stay 0.</summary>
    public long CorruptedCommandsApplied { get; private set; }

    /// <summary>Simulates a pulled cable: nothing gets through either way until <paramref name="untilMicros"/>.</summary>
    public void Disconnect(long untilMicros)
    {
        Inbound.BlackoutUntil(untilMicros);
        Outbound.BlackoutUntil(untilMicros);
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> for bytes from the host.</summary>
    public bool WaitForData(int timeoutMilliseconds) => _transport.WaitForData(timeoutMilliseconds);

    /// <summary>Moves received bytes into the device, runs its watchdog and heartbeat, and sends what it answered.</summary>
    public void Poll(long nowMicros)
    {
        if (_transport.ConnectionCount != _connection)
        {
            _connection = _transport.ConnectionCount;
            Device.Decoder.Reset();
        }
        int n;
        while ((n = _transport.Read(_received)) > 0)
        {
            Inbound.Push(_received.AsSpan(0, n), nowMicros);
        }
        while (Inbound.TryTake(nowMicros, out ReadOnlySpan<byte> frame, out bool corrupted))
        {
            long accepted = Device.CommandsAccepted;
            Device.Receive(frame, nowMicros);
            if (corrupted && Device.CommandsAccepted != accepted)
            {
                CorruptedCommandsApplied++;
            }
        }
        Device.Tick(nowMicros);
        if (!Device.Outgoing.IsEmpty)
        {
            Outbound.Push(Device.Outgoing, nowMicros);
            Device.ClearOutgoing();
        }
        while (Outbound.TryTake(nowMicros, out ReadOnlySpan<byte> frame, out _))
        {
            _transport.Write(frame);
        }
    }

    /// <summary>Writes the actuator values the outputs hold now (neutral unless armed) into <paramref name="values"/>.</summary>
    public void ReadOutputs(Span<float> values)
    {
        ReadOnlySpan<short> outputs = Device.Outputs;
        for (int i = 0; i < outputs.Length; i++)
        {
            values[i] = _actuators[i].FromWire(outputs[i]);
        }
    }

    /// <summary>Closes the transport.</summary>
    public void Dispose() => _transport.Dispose();
}
