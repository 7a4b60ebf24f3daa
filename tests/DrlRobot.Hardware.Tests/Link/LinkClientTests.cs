// The host side against the device logic over an in-memory cable: handshake checks, arming, watchdog, telemetry.
using System.Diagnostics;
using DrlRobot.Hardware.Link;
using DrlRobot.Hardware.Tests.Fakes;
using static DrlRobot.Hardware.Tests.Link.LinkFlight;

namespace DrlRobot.Hardware.Tests.Link;

public class LinkClientTests
{
    internal static readonly LinkActuator[] Lander =
    [
        new("main", 0f, 1f, 0f),
        new("left", 0f, 1f, 0f),
        new("right", -1f, 1f, 0f),
    ];

    internal static readonly string[] LanderObservations = ["x", "y", "vx", "vy", "angle", "angular_velocity", "left_contact", "right_contact"];

    internal static LinkClientConfig ClientConfig => new() { Actuators = Lander, ObservationNames = LanderObservations, HandshakeTimeoutMilliseconds = 500 };

    internal static LinkDeviceStateMachine LanderDevice(uint? hash = null, int actuators = 3) => new(new LinkDeviceConfig
    {
        ActuatorCount = actuators,
        ObservationCount = LanderObservations.Length,
        NamesHash = hash ?? LinkNamesHash.Compute(Lander.Select(a => a.Name).ToArray(), LanderObservations),
    });

    private static (LinkClient Client, DeviceEndpointThread Device) Connect(LinkDeviceStateMachine device, LinkClientConfig? config = null)
    {
        var (host, far) = MemoryLinkTransport.CreatePair();
        var endpoint = new LinkDeviceEndpoint(far, device, device.Config.ActuatorCount == 3 ? Lander : [.. Lander.Take(device.Config.ActuatorCount)]);
        return (new LinkClient(host, config ?? ClientConfig), new DeviceEndpointThread(endpoint));
    }

    [Test]
    public void Handshake_WithMatchingDevice_ReturnsItsCapabilities()
    {
        var (client, device) = Connect(LanderDevice());
        using (client)
        using (device)
        {
            LinkCapabilities caps = client.Handshake();
            Assert.That(caps, Is.EqualTo(new LinkCapabilities(1, 3, 8, 0xBE5733AF, 250, 5)));
            Assert.That(client.Capabilities, Is.EqualTo(caps));
            Assert.That(client.ArmRequested, Is.False);
        }
    }

    [Test]
    public void Handshake_RefusesOtherNames_NamingBothHashes_AndArmsNothing()
    {
        var (client, device) = Connect(LanderDevice(hash: 0x12345678));
        using (client)
        using (device)
        {
            var e = Assert.Throws<LinkRefusedException>(() => client.Handshake());
            Assert.That(e!.Reason, Is.EqualTo(LinkRefusal.NamesHash));
            Assert.That(e.Message, Does.Contain("0x12345678").And.Contain("0xBE5733AF").And.Contain("main, left, right").And.Not.Contain("\n"));
            Assert.Throws<InvalidOperationException>(() => client.RequestArm());
            Assert.Throws<InvalidOperationException>(() => client.SendCommand([0f, 0f, 0f]));
            Assert.That(device.Inspect(d => d.Device.CommandsAccepted), Is.Zero);
        }
    }

    [Test]
    public void Handshake_RefusesAnotherActuatorCount()
    {
        var (client, device) = Connect(LanderDevice(actuators: 2));
        using (client)
        using (device)
        {
            var e = Assert.Throws<LinkRefusedException>(() => client.Handshake());
            Assert.That(e!.Reason, Is.EqualTo(LinkRefusal.ActuatorCount));
            Assert.That(e.Message, Does.Contain("drives 2 actuators, the model has 3"));
        }
    }

    [Test]
    public void Handshake_RefusesAPeerSpeakingAnotherProtocolVersion()
    {
        var (host, far) = MemoryLinkTransport.CreatePair();
        using var client = new LinkClient(host, ClientConfig);
        var peer = new Thread(() =>
        {
            // A version-2 device answers hello with its frozen-layout capabilities.
            far.WaitForData(1000);
            var payload = new byte[LinkProtocol.CapabilitiesLength];
            new LinkCapabilities(2, 3, 8, ClientConfig.NamesHash, 250, 5).Write(payload);
            var wire = new byte[LinkProtocol.MaxWireLength];
            far.Write(wire.AsSpan(0, LinkFrameWriter.Write(2, LinkMessageType.Capabilities, 0, payload, wire)));
        }).StartAndReturn();
        var e = Assert.Throws<LinkRefusedException>(() => client.Handshake());
        Assert.That(e!.Reason, Is.EqualTo(LinkRefusal.ProtocolVersion));
        Assert.That(e.Message, Does.Contain("speaks link protocol 2, this host speaks 1"));
    }

    [Test]
    public void Handshake_WithSilentPeer_ThrowsOneLineIOExceptionAfterTheTimeout()
    {
        var (host, _) = MemoryLinkTransport.CreatePair();
        using var client = new LinkClient(host, ClientConfig with { HandshakeTimeoutMilliseconds = 300 });
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<IOException>(() => client.Handshake());
        Assert.That(watch.ElapsedMilliseconds, Is.InRange(290, 2000));
        Assert.That(e!.Message, Does.Contain("no answer to hello from memory-host within 300 ms").And.Not.Contain("\n"));
        Assert.That(client.FramesSent, Is.InRange(2, 4), "hello is repeated every 100 ms");
    }

    [Test]
    public void Client_ArmsThroughNeutralCommands_ThenDrivesTheOutputs()
    {
        var (client, device) = Connect(LanderDevice());
        using (client)
        using (device)
        {
            client.Handshake();
            client.RequestArm();
            float[] values = [0.75f, 0.25f, -0.5f];
            Fly(client, 3, _ => values);
            Assert.That(device.Inspect(d => d.Device.Outputs.ToArray()), Is.All.Zero, "still arming: the client sends neutral");
            Assert.That(FlyUntil(client, () => client.DeviceArmed, _ => values), Is.True);
            var outputs = new float[3];
            Assert.That(FlyUntil(client, () => device.Inspect(d => { d.ReadOutputs(outputs); return Near(outputs, values); }), _ => values), Is.True,
                        "the outputs follow the commands once armed");
            Assert.That(outputs[0], Is.EqualTo(0.75f).Within(1e-4));
            Assert.That(outputs[2], Is.EqualTo(-0.5f).Within(1e-4));
            Assert.That(device.Inspect(d => d.Device.CommandsAccepted), Is.GreaterThanOrEqualTo(6));
            Assert.That(client.FramesReceived, Is.GreaterThanOrEqualTo(5));
            Assert.That(client.FramesRejected, Is.Zero);
            Assert.That(client.Counters, Is.EqualTo(new LinkCounters(client.FramesSent, client.FramesReceived, 0)));
        }
    }

    [Test]
    public void Client_AfterAWatchdogTrip_DoesNotRearmByItself()
    {
        var (client, device) = Connect(LanderDevice());
        using (client)
        using (device)
        {
            client.Handshake();
            client.RequestArm();
            float[] values = [0.5f, 0.5f, 0.5f];
            Assert.That(FlyUntil(client, () => client.DeviceArmed, _ => values), Is.True);

            Thread.Sleep(400); // the host's loop stalls: the device must trip on its own
            var wait = Stopwatch.StartNew();
            while (!device.Inspect(d => d.Device.WatchdogTripped) && wait.ElapsedMilliseconds < 1000)
            {
                Thread.Sleep(5);
            }
            Assert.That(device.Inspect(d => d.Device.WatchdogTripped), Is.True);
            Assert.That(device.Inspect(d => d.Device.Outputs.ToArray()), Is.All.Zero);

            Assert.That(FlyUntil(client, () => !client.ArmRequested, _ => values), Is.True, "the client hears of the trip");
            Fly(client, 15, _ => values);
            Assert.That(client.ArmRequested, Is.False);
            Assert.That(client.ArmWithdrawnReason, Is.EqualTo("device watchdog tripped"));
            Assert.That(device.Inspect(d => d.Device.Outputs.ToArray()), Is.All.Zero);
            Assert.That(device.Inspect(d => d.Device.Armed), Is.False);

            client.RequestArm();
            Assert.That(FlyUntil(client, () => device.Inspect(d => d.Device.Outputs.ToArray().All(q => q != 0)), _ => values), Is.True,
                        "an explicit request arms again");
        }
    }

    [Test]
    public void Handshake_DisarmsADeviceThatAnEarlierHostLeftArmed()
    {
        var (host, far) = MemoryLinkTransport.CreatePair();
        var endpoint = new LinkDeviceEndpoint(far, LanderDevice(), Lander);
        using var device = new DeviceEndpointThread(endpoint);
        var first = new LinkClient(host, ClientConfig);
        first.Handshake();
        first.RequestArm();
        Assert.That(FlyUntil(first, () => first.DeviceArmed, _ => [0.5f, 0.5f, 0.5f]), Is.True);

        // The first host dies and a second one takes over the same cable within the watchdog period.
        using var second = new LinkClient(host, ClientConfig);
        second.Handshake();
        Assert.That(FlyUntil(second, () => !second.DeviceArmed && device.Inspect(d => !d.Device.Armed), _ => [0.5f, 0.5f, 0.5f], 10), Is.True);
        Assert.That(device.Inspect(d => d.Device.Outputs.ToArray()), Is.All.Zero);
        Assert.That(device.Inspect(d => d.Device.WatchdogTrips), Is.Zero, "disarmed by the handshake, not by the watchdog");
    }

    [Test]
    public void Client_Kill_NeutralisesAndDisarmsTheDevice()
    {
        var (client, device) = Connect(LanderDevice());
        using (client)
        using (device)
        {
            client.Handshake();
            client.RequestArm();
            Assert.That(FlyUntil(client, () => client.DeviceArmed, _ => [1f, 1f, 1f]), Is.True);
            client.Kill();
            Assert.That(FlyUntil(client, () => client.DeviceStatus == (LinkStatusFlags.Killed | LinkStatusFlags.Failsafe), _ => [1f, 1f, 1f]), Is.True);
            Assert.That(device.Inspect(d => d.Device.Status), Is.EqualTo(LinkStatusFlags.Killed | LinkStatusFlags.Failsafe));
            Assert.That(device.Inspect(d => d.Device.Outputs.ToArray()), Is.All.Zero);
        }
    }

    [Test]
    public void Client_KeepsTheLatestTelemetryWithItsAgeAndRoundTrip()
    {
        var (client, device) = Connect(LanderDevice());
        using (client)
        using (device)
        {
            client.Handshake();
            var values = new float[8];
            Assert.That(client.TryGetTelemetry(values), Is.False);
            Assert.That(client.TelemetryAge, Is.EqualTo(TimeSpan.MaxValue));
            device.Inspect(d => { d.Device.SetObservations([1, 2, 3, 4, 5, 6, 7, 8]); return 0; });
            Assert.That(FlyUntil(client, () => client.TryGetTelemetry(values) && values[7] == 8f, _ => [0f, 0f, 0f]), Is.True);
            Assert.That(values, Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
            Assert.That(client.TelemetryAge, Is.LessThan(TimeSpan.FromMilliseconds(500)));
            Assert.That(client.LastRoundTrip, Is.GreaterThan(TimeSpan.Zero).And.LessThan(TimeSpan.FromMilliseconds(500)));
            Assert.That(client.LatestTelemetry.EchoSequence, Is.Not.Zero);
        }
    }

    [Test]
    public void Client_CommandTickAllocatesNothing()
    {
        var (host, far) = MemoryLinkTransport.CreatePair();
        var endpoint = new LinkDeviceEndpoint(far, LanderDevice(), Lander);
        using var client = new LinkClient(host, ClientConfig);
        var handshake = new Thread(() => { far.WaitForData(1000); endpoint.Poll(LinkClock.NowMicros); }).StartAndReturn();
        client.Handshake();
        handshake.Join();
        client.RequestArm();
        float[] values = [0.1f, 0.2f, 0.3f];
        for (int i = 0; i < 100; i++)
        {
            client.SendCommand(values);
            endpoint.Poll(LinkClock.NowMicros);
            client.Poll();
        }
        Assert.That(client.DeviceArmed, Is.True);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < 2000; i++)
        {
            client.SendCommand(values);
            endpoint.Poll(LinkClock.NowMicros);
            client.Poll();
        }
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        TestContext.Out.WriteLine($"command + device + telemetry, in memory: {elapsed.TotalMicroseconds / 2000:F1} µs per tick, 0 bytes allocated");
        Assert.That(endpoint.Device.CommandsApplied, Is.GreaterThan(2000));
    }

    [Test]
    public void Config_WithoutActuators_IsRejected()
    {
        var (host, _) = MemoryLinkTransport.CreatePair();
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LinkClient(host, new LinkClientConfig()));
        Assert.Throws<ArgumentException>(() => new LinkClientConfig { Actuators = [new LinkActuator("a", 1f, 0f, 0.5f)] }.Validate());
    }
}

internal static class ThreadExtensions
{
    public static Thread StartAndReturn(this Thread thread)
    {
        thread.IsBackground = true;
        thread.Start();
        return thread;
    }
}
