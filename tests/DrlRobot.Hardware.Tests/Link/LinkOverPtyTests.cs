// Host and emulated device at the two ends of a pseudo-terminal, as `drl-run hw` and `drl-run emulate` will be:
// flying at 50 Hz, with 5 % dropped and 5 % corrupted frames, a silent link, and an unplug/replug.
using System.Diagnostics;
using DrlRobot.Hardware.Link;
using DrlRobot.Hardware.Tests.Fakes;
using static DrlRobot.Hardware.Tests.Link.LinkFlight;

namespace DrlRobot.Hardware.Tests.Link;

[NonParallelizable]
public class LinkOverPtyTests
{
    private static (LinkClient Client, DeviceEndpointThread Device, SerialLink Link) Connect(
        PseudoTerminal pty, string path, LinkFaultConfig? inbound = null, LinkFaultConfig? outbound = null)
    {
        SerialLink link = SerialLink.Open(new SerialLinkConfig { PortName = path, ReconnectInitialMilliseconds = 20, ReconnectMaxMilliseconds = 100 });
        pty.ReleaseSlave();
        var endpoint = new LinkDeviceEndpoint(new PtyMasterTransport(pty), LinkClientTests.LanderDevice(), LinkClientTests.Lander, inbound, outbound);
        var client = new LinkClient(link, LinkClientTests.ClientConfig with { HandshakeTimeoutMilliseconds = 2000 });
        return (client, new DeviceEndpointThread(endpoint), link);
    }

    private static float[] Wave(int tick) => [0.5f + (0.4f * MathF.Sin(tick * 0.1f)), 0.3f, MathF.Cos(tick * 0.05f) * 0.9f];

    private static float[] Outputs(DeviceEndpointThread device) => device.Inspect(d =>
    {
        var values = new float[3];
        d.ReadOutputs(values);
        return values;
    });

    private static void Arm(LinkClient client)
    {
        client.Handshake();
        client.RequestArm();
        Assert.That(FlyUntil(client, () => client.DeviceArmed, _ => [0f, 0f, 0f]), Is.True, "armed after the neutral arming sequence");
    }

    [Test]
    public void HostAndDevice_OverAPty_Fly50HzWithFreshTelemetry()
    {
        using var pty = PseudoTerminal.Open();
        var (client, device, _) = Connect(pty, pty.SlavePath);
        using (client)
        using (device)
        {
            Arm(client);
            long sentArmed = client.FramesSent, failedArmed = client.SendFailures;
            long appliedArmed = device.Inspect(d => d.Device.CommandsApplied);
            device.Inspect(d => { d.Device.SetObservations([1, 2, 3, 4, 5, 6, 7, 8]); return 0; });
            Fly(client, 100, Wave);
            // Hold the last command until the device has it: on a loaded machine the far end may lag a tick or two.
            float[] expected = Wave(99);
            Assert.That(FlyUntil(client, () => LinkFlight.Near(Outputs(device), expected), _ => expected, 25), Is.True);
            float[] outputs = Outputs(device);
            for (int i = 0; i < 3; i++)
            {
                Assert.That(outputs[i], Is.EqualTo(expected[i]).Within(1e-4), $"actuator {i}");
            }
            var values = new float[8];
            Assert.That(client.TryGetTelemetry(values), Is.True);
            Assert.That(values, Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
            // Fresh: the telemetry answers the last command, it arrived between that send and the read, and the age the
            // client reports lies between the ages the test measures around asking. The bounds are this run's own clock
            // readings, so a stalled test thread widens them instead of failing them.
            long sentAt = Stopwatch.GetTimestamp();
            client.SendCommand(expected);
            ushort sequence = client.LastCommandSequence;
            var waiting = Stopwatch.StartNew();
            while (client.LatestTelemetry.EchoSequence != sequence && waiting.Elapsed < TimeSpan.FromSeconds(10))
            {
                client.WaitForData(20);
                client.Poll();
            }
            long readAt = Stopwatch.GetTimestamp();
            TimeSpan age = client.TelemetryAge;
            long askedAt = Stopwatch.GetTimestamp();
            long arrivedAt = client.LatestTelemetryTimestamp;
            Assert.That(client.LatestTelemetry.EchoSequence, Is.EqualTo(sequence), "telemetry answering the last command");
            Assert.That(arrivedAt, Is.InRange(sentAt, readAt), "when that telemetry arrived");
            Assert.That(age, Is.InRange(Stopwatch.GetElapsedTime(arrivedAt, readAt), Stopwatch.GetElapsedTime(arrivedAt, askedAt)), "the telemetry's age");
            Assert.That(client.FramesRejected, Is.Zero);
            Assert.That(device.Inspect(d => d.Device.FramesRejected), Is.Zero);
            // Every command the transport took once the device was armed was applied; on a loaded machine a slow write
            // may refuse one (SendFailures), which is a dropped frame, not a command the device ignored.
            long sent = client.FramesSent - sentArmed, refused = client.SendFailures - failedArmed;
            Assert.That(sent + refused, Is.GreaterThanOrEqualTo(101), "commands of the flight and the freshness check");
            Assert.That(device.Inspect(d => d.Device.CommandsApplied) - appliedArmed, Is.GreaterThanOrEqualTo(sent), $"commands applied, of {sent} sent and {refused} refused");
        }
    }

    [Test]
    public void HostAndEmulator_BothOnSerialLinks_TalkThroughAPtyCable()
    {
        // The layout of the HIL tests: each side opens a serial port path, as two separate processes would.
        using var cable = new PtyCable();
        SerialLink hostPort = SerialLink.Open(new SerialLinkConfig { PortName = cable.PathA });
        SerialLink devicePort = SerialLink.Open(new SerialLinkConfig { PortName = cable.PathB });
        cable.ReleaseSlaves();
        var endpoint = new LinkDeviceEndpoint(devicePort, LinkClientTests.LanderDevice(), LinkClientTests.Lander);
        using var device = new DeviceEndpointThread(endpoint);
        using var client = new LinkClient(hostPort, LinkClientTests.ClientConfig with { HandshakeTimeoutMilliseconds = 2000 });

        Arm(client);
        float[] command = [0.9f, 0.1f, -0.3f];
        Assert.That(FlyUntil(client, () => LinkFlight.Near(Outputs(device), command), _ => command), Is.True);
        Assert.That(client.FramesRejected, Is.Zero);
        Assert.That(device.Inspect(d => d.Device.FramesRejected), Is.Zero);
    }

    [Test]
    public void CommandToTelemetryRoundTrip_OverAPty_IsWellUnderOneTick()
    {
        using var pty = PseudoTerminal.Open();
        var (client, device, _) = Connect(pty, pty.SlavePath);
        using (client)
        using (device)
        {
            Arm(client);
            var roundTrips = new List<double>();
            for (int i = 0; i < 300; i++)
            {
                var watch = Stopwatch.StartNew();
                client.SendCommand(Wave(i));
                while (watch.ElapsedMilliseconds < 200 && client.LatestTelemetry.EchoSequence != client.LastCommandSequence)
                {
                    client.WaitForData(1);
                    client.Poll();
                }
                roundTrips.Add(watch.Elapsed.TotalMilliseconds);
            }
            roundTrips.Sort();
            double p50 = roundTrips[150], p99 = roundTrips[296];
            TestContext.Out.WriteLine($"command → telemetry over a pty: p50 {p50:F3} ms, p99 {p99:F3} ms, max {roundTrips[^1]:F3} ms");
            Assert.That(p50, Is.LessThan(10), "half of the replies come back within half a 50 Hz tick");
        }
    }

    [Test]
    public void WithFivePercentDroppedAndCorruptedFrames_NoCorruptedCommandReachesAnActuator()
    {
        using var pty = PseudoTerminal.Open();
        var inbound = new LinkFaultConfig { DropProbability = 0.05, CorruptProbability = 0.05, Seed = 11 };
        var outbound = inbound with { Seed = 12 };
        var (client, device, _) = Connect(pty, pty.SlavePath, inbound, outbound);
        using (client)
        using (device)
        {
            client.Handshake();
            client.RequestArm();
            Assert.That(FlyUntil(client, () => client.DeviceArmed, _ => [0f, 0f, 0f]), Is.True);
            Fly(client, 250, Wave);
            float[] last = Wave(249);
            Assert.That(FlyUntil(client, () => LinkFlight.Near(Outputs(device), last), _ => last, 25), Is.True, "the outputs hold a command that was sent");

            long corrupted = device.Inspect(d => d.Inbound.FramesCorrupted);
            long dropped = device.Inspect(d => d.Inbound.FramesDropped);
            TestContext.Out.WriteLine($"inbound: {dropped} dropped, {corrupted} corrupted; device rejected {device.Inspect(d => d.Device.FramesRejected)}; " +
                                      $"host rejected {client.FramesRejected}; corrupted commands applied {device.Inspect(d => d.CorruptedCommandsApplied)}");
            Assert.That(corrupted, Is.GreaterThan(3));
            Assert.That(dropped, Is.GreaterThan(3));
            Assert.That(device.Inspect(d => d.CorruptedCommandsApplied), Is.Zero);
            Assert.That(device.Inspect(d => d.Device.FramesRejected), Is.GreaterThanOrEqualTo(corrupted));
            Assert.That(client.FramesRejected, Is.GreaterThan(0), "corrupted telemetry is rejected too");
            Assert.That(device.Inspect(d => d.Device.WatchdogTrips), Is.Zero, "a few lost frames never starve the watchdog");
            Assert.That(client.DeviceArmed, Is.True);
        }
    }

    [Test]
    public void SilentLink_DeviceGoesNeutralWithin250Ms_AndTheHostDoesNotRearmByItself()
    {
        using var pty = PseudoTerminal.Open();
        var (client, device, _) = Connect(pty, pty.SlavePath);
        using (client)
        using (device)
        {
            Arm(client);
            Assert.That(FlyUntil(client, () => Outputs(device).All(v => v != 0f), Wave), Is.True);

            // The cable goes silent both ways for 600 ms while the host keeps ticking.
            long silentFrom = LinkClock.NowMicros;
            device.Inspect(d => { d.Disconnect(silentFrom + 600_000); return 0; });
            double trippedAfterMs = -1;
            long quietMicros = -1;
            TimeSpan stalest = TimeSpan.Zero;
            var watch = Stopwatch.StartNew();
            for (int tick = 0; watch.ElapsedMilliseconds < 700; tick++)
            {
                client.Poll();
                client.SendCommand(Wave(tick));
                if (trippedAfterMs < 0 && device.Inspect(d => d.Device.WatchdogTripped))
                {
                    trippedAfterMs = watch.Elapsed.TotalMilliseconds;
                    quietMicros = device.Inspect(d => d.Device.WatchdogTrippedAtMicros - d.Device.LastValidCommandMicros);
                    Assert.That(Outputs(device), Is.All.Zero, "tripped means neutral");
                }
                stalest = client.TelemetryAge > stalest ? client.TelemetryAge : stalest;
                Thread.Sleep(5);
            }
            // On the device's own clock: the trip comes at its first check after 250 ms without a valid command. The
            // slack above 250 ms is only the emulator thread's scheduling on a busy host (the firmware loops in µs).
            TestContext.Out.WriteLine($"device watchdog tripped {quietMicros / 1000.0:F1} ms after the last command " +
                                      $"({trippedAfterMs:F0} ms into the silence by the test's clock); host telemetry got {stalest.TotalMilliseconds:F0} ms old");
            Assert.That(quietMicros, Is.GreaterThan(250_000).And.LessThan(350_000));
            Assert.That(trippedAfterMs, Is.InRange(0, 500));
            Assert.That(stalest, Is.GreaterThan(TimeSpan.FromMilliseconds(250)), "the host sees the link is stale");
            float[] neutral = [0f, 0f, 0f];
            Assert.That(Outputs(device), Is.EqualTo(neutral));

            // The link is back; the host keeps sending the policy's values but must not re-arm on its own.
            Assert.That(FlyUntil(client, () => !client.ArmRequested && client.TelemetryAge < TimeSpan.FromMilliseconds(250), Wave), Is.True);
            Fly(client, 25, Wave);
            Assert.That(client.ArmRequested, Is.False);
            Assert.That(client.ArmWithdrawnReason, Is.EqualTo("device watchdog tripped"));
            Assert.That(client.TelemetryAge, Is.LessThan(TimeSpan.FromMilliseconds(250)), "telemetry flows again");
            Assert.That(device.Inspect(d => d.Device.Armed), Is.False);
            Assert.That(Outputs(device), Is.EqualTo(neutral));
        }
    }

    [Test]
    public void Unplugged_TheHostReconnectsButArmsOnlyWhenAskedAgain()
    {
        string dir = Directory.CreateTempSubdirectory("drl-serial-").FullName;
        string path = Path.Combine(dir, "ttyDRL");
        try
        {
            var first = PseudoTerminal.Open();
            File.CreateSymbolicLink(path, first.SlavePath);
            var (client, device, link) = Connect(first, path);
            using (client)
            {
                Arm(client);
                Fly(client, 5, Wave);

                device.Dispose(); // the board and its cable are gone
                File.Delete(path);
                Assert.That(FlyUntil(client, () => client.TransportStatus == DeviceStatus.Failed && !client.ArmRequested, Wave), Is.True);
                Assert.That(client.TransportStatus, Is.EqualTo(DeviceStatus.Failed));
                Assert.That(client.ArmRequested, Is.False);

                using var second = PseudoTerminal.Open();
                File.CreateSymbolicLink(path, second.SlavePath);
                var watch = Stopwatch.StartNew();
                while (link.Status != DeviceStatus.Ok && watch.ElapsedMilliseconds < 3000)
                {
                    Thread.Sleep(10);
                }
                Assert.That(link.Status, Is.EqualTo(DeviceStatus.Ok));
                second.ReleaseSlave();
                using var replugged = new DeviceEndpointThread(new LinkDeviceEndpoint(new PtyMasterTransport(second), LinkClientTests.LanderDevice(), LinkClientTests.Lander));
                client.Handshake();
                Fly(client, 20, Wave);
                Assert.That(replugged.Inspect(d => d.Device.Armed), Is.False, "nothing arms without a new request");
                Assert.That(Outputs(replugged), Is.All.Zero);
                client.RequestArm();
                Assert.That(FlyUntil(client, () => replugged.Inspect(d => d.Device.Armed), Wave), Is.True, "armed again once asked");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
