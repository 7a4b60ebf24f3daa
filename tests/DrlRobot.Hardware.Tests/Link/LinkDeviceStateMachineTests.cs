// The firmware-equivalent device logic: arming, watchdog, kill, rejection of bad commands, replies and heartbeats.
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Link;

public class LinkDeviceStateMachineTests
{
    private const long Ms = 1000;
    private LinkDeviceStateMachine _device = null!;
    private ushort _sequence;
    private long _now;

    [SetUp]
    public void SetUp()
    {
        _device = new LinkDeviceStateMachine(new LinkDeviceConfig { ActuatorCount = 3, ObservationCount = 2, NamesHash = 0xBE5733AF });
        _sequence = 0;
        _now = 1_000 * Ms;
    }

    private void Send(CommandFlags flags, params short[] values)
    {
        _now += 20 * Ms;
        _device.Receive(LinkTestFrames.Command(++_sequence, flags, values), _now);
        _device.Tick(_now);
    }

    private void Arm()
    {
        for (int i = 0; i < 5; i++)
        {
            Send(CommandFlags.Arm, 0, 0, 0);
        }
    }

    [Test]
    public void Device_ArmsOnlyAfterFiveConsecutiveNeutralArmCommands()
    {
        for (int i = 0; i < 4; i++)
        {
            Send(CommandFlags.Arm, 0, 0, 0);
        }
        Assert.That(_device.Armed, Is.False);
        Send(CommandFlags.Arm, 0, 0, 0);
        Assert.That(_device.Armed, Is.True);
        Send(CommandFlags.Arm, 100, -200, 300);
        Assert.That(_device.Outputs.ToArray(), Is.EqualTo(new short[] { 100, -200, 300 }));
        Assert.That(_device.CommandsApplied, Is.EqualTo(1));
    }

    [Test]
    public void Device_NonNeutralOrUnflaggedCommand_RestartsTheArmingStreak()
    {
        for (int i = 0; i < 4; i++)
        {
            Send(CommandFlags.Arm, 0, 0, 0);
        }
        Send(CommandFlags.Arm, 0, 1, 0);
        for (int i = 0; i < 4; i++)
        {
            Send(CommandFlags.Arm, 0, 0, 0);
        }
        Send(CommandFlags.None, 0, 0, 0);
        Send(CommandFlags.Arm, 0, 0, 0);
        Assert.That(_device.Armed, Is.False);
        Assert.That(_device.Outputs.ToArray(), Is.All.Zero);
    }

    [Test]
    public void Device_Disarmed_KeepsOutputsNeutralWhateverItIsSent()
    {
        Send(CommandFlags.Arm, 30000, 30000, 30000);
        Send(CommandFlags.None, -30000, 5, 5);
        Assert.That(_device.Outputs.ToArray(), Is.All.Zero);
        Assert.That(_device.Status, Is.EqualTo(LinkStatusFlags.Failsafe));
        Assert.That(_device.CommandsAccepted, Is.EqualTo(2));
        Assert.That(_device.CommandsApplied, Is.Zero);
    }

    [Test]
    public void Device_ArmFlagWithdrawn_Disarms()
    {
        Arm();
        Send(CommandFlags.Arm, 1, 2, 3);
        Send(CommandFlags.None, 1, 2, 3);
        Assert.That(_device.Armed, Is.False);
        Assert.That(_device.Outputs.ToArray(), Is.All.Zero);
    }

    [Test]
    public void Watchdog_TripsWhenNoValidCommandFor250Ms_AndLatchesUntilRearmed()
    {
        Arm();
        Send(CommandFlags.Arm, 1000, 1000, 1000);
        long last = _now;
        _device.Tick(last + (250 * Ms));
        Assert.That(_device.Armed, Is.True, "250 ms is still within the watchdog period");
        _device.Tick(last + (251 * Ms));
        Assert.That(_device.Armed, Is.False);
        Assert.That(_device.WatchdogTripped, Is.True);
        Assert.That(_device.Outputs.ToArray(), Is.All.Zero);
        Assert.That(_device.WatchdogTrips, Is.EqualTo(1));

        _now = last + (300 * Ms);
        for (int i = 0; i < 10; i++)
        {
            Send(CommandFlags.Arm, 1000, 1000, 1000);
        }
        Assert.That(_device.Outputs.ToArray(), Is.All.Zero, "a host that comes back streaming commands gets nothing");
        Assert.That(_device.Status & LinkStatusFlags.WatchdogTripped, Is.EqualTo(LinkStatusFlags.WatchdogTripped));

        Arm();
        Assert.That(_device.Armed, Is.True);
        Assert.That(_device.WatchdogTripped, Is.False);
    }

    [Test]
    public void Watchdog_IsNotFedByHostHeartbeatsOrRejectedCommands()
    {
        Arm();
        Send(CommandFlags.Arm, 500, 500, 500);
        var payload = new byte[LinkProtocol.HeartbeatLength];
        new LinkHeartbeat(0, LinkStatusFlags.None).Write(payload);
        for (int i = 0; i < 15; i++)
        {
            _now += 20 * Ms;
            _device.Receive(LinkTestFrames.Frame(LinkMessageType.Heartbeat, ++_sequence, payload), _now);
            _device.Receive(LinkTestFrames.Command(++_sequence, CommandFlags.Arm, 500, 500), _now);
            _device.Tick(_now);
        }
        Assert.That(_device.WatchdogTripped, Is.True);
        Assert.That(_device.Outputs.ToArray(), Is.All.Zero);
        Assert.That(_device.FramesRejected, Is.EqualTo(15));
    }

    [Test]
    public void Device_CorruptedCommandFrame_NeverReachesTheOutputs()
    {
        Arm();
        Send(CommandFlags.Arm, 10, 20, 30);
        for (int bit = 0; bit < 8 * 14; bit++)
        {
            byte[] frame = LinkTestFrames.Command(++_sequence, CommandFlags.Arm, 11111, 22222, 32000);
            frame[bit / 8 % (frame.Length - 1)] ^= (byte)(1 << (bit % 8));
            _device.Receive(frame, _now);
        }
        Assert.That(_device.Outputs.ToArray(), Is.EqualTo(new short[] { 10, 20, 30 }));
        Assert.That(_device.FramesRejected, Is.GreaterThanOrEqualTo(8 * 14));
    }

    [Test]
    public void Device_RejectsACommandHoldingTheReservedValue()
    {
        Arm();
        Send(CommandFlags.Arm, 10, 20, 30);
        Send(CommandFlags.Arm, 1, LinkProtocol.InvalidCommandValue, 3);
        Assert.That(_device.Outputs.ToArray(), Is.EqualTo(new short[] { 10, 20, 30 }));
        Assert.That(_device.FramesRejected, Is.EqualTo(1));
    }

    [Test]
    public void Kill_GoesNeutralDisarmsAndLatchesKilledUntilRearmed()
    {
        Arm();
        Send(CommandFlags.Arm, 10, 20, 30);
        Send(CommandFlags.Arm | CommandFlags.Kill, 10, 20, 30);
        Assert.That(_device.Armed, Is.False);
        Assert.That(_device.Outputs.ToArray(), Is.All.Zero);
        Assert.That(_device.Status, Is.EqualTo(LinkStatusFlags.Killed | LinkStatusFlags.Failsafe));
        Arm();
        Assert.That(_device.Status, Is.EqualTo(LinkStatusFlags.Armed));
    }

    [Test]
    public void Hello_IsAnsweredWithCapabilities()
    {
        _device.Receive(LinkTestFrames.Hello(), _now);
        var frames = LinkTestFrames.Decode(_device.Outgoing);
        Assert.That(frames, Has.Count.EqualTo(1));
        Assert.That(frames[0].Type, Is.EqualTo(LinkMessageType.Capabilities));
        Assert.That(LinkCapabilities.Read(frames[0].Payload), Is.EqualTo(new LinkCapabilities(1, 3, 2, 0xBE5733AF, 250, 5)));
    }

    [Test]
    public void Command_IsAnsweredWithTelemetryEchoingItsSequence()
    {
        _device.SetObservations([1.25f, -7f]);
        _device.Receive(LinkTestFrames.Command(0x4242, CommandFlags.None, 0, 0, 0), 123_456);
        var frames = LinkTestFrames.Decode(_device.Outgoing);
        Assert.That(frames.Single().Type, Is.EqualTo(LinkMessageType.Telemetry));
        byte[] payload = frames[0].Payload;
        Assert.That(LinkTelemetryHeader.Read(payload), Is.EqualTo(new LinkTelemetryHeader(0x4242, 123_456, LinkStatusFlags.Failsafe, 0)));
        var values = new float[2];
        LinkTelemetryHeader.ReadValues(payload, values);
        Assert.That(values, Is.EqualTo(new[] { 1.25f, -7f }));
        _device.ClearOutgoing();
        Assert.That(_device.Outgoing.IsEmpty, Is.True);
    }

    [Test]
    public void Heartbeat_IsSentWhileTheHostIsSilent_WithTheStatus()
    {
        Arm();
        _device.ClearOutgoing();
        for (long t = _now; t <= _now + (450 * Ms); t += 10 * Ms)
        {
            _device.Tick(t);
        }
        var frames = LinkTestFrames.Decode(_device.Outgoing);
        Assert.That(frames.Select(f => f.Type), Is.All.EqualTo(LinkMessageType.Heartbeat));
        Assert.That(frames, Has.Count.InRange(4, 5));
        Assert.That(LinkHeartbeat.Read(frames[^1].Payload).Status,
                    Is.EqualTo(LinkStatusFlags.WatchdogTripped | LinkStatusFlags.Failsafe));
    }

    [Test]
    public void Device_AllocatesNothingWhileRunning()
    {
        byte[] neutral = LinkTestFrames.Command(1, CommandFlags.Arm, 0, 0, 0);
        byte[] moving = LinkTestFrames.Command(2, CommandFlags.Arm, 5, 6, 7);
        _device.Receive(neutral, _now);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            _now += 20 * Ms;
            _device.Receive(i < 5 ? neutral : moving, _now);
            _device.SetObservations([i, -i]);
            _device.Tick(_now);
            _device.ClearOutgoing();
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(_device.CommandsApplied, Is.EqualTo(10_000 - 4));
    }

    [Test]
    public void Config_OutOfRange_IsRejectedNamingTheField()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LinkDeviceStateMachine(new LinkDeviceConfig { ActuatorCount = 0 }));
        Assert.That(e!.ParamName, Is.EqualTo(nameof(LinkDeviceConfig.ActuatorCount)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinkDeviceConfig { ObservationCount = 49 }.Validate());
        Assert.Throws<ArgumentException>(() => _device.SetObservations([1f]));
    }
}
