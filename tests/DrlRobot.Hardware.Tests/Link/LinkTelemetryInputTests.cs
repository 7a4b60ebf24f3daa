// Link telemetry read through the IInputChannel interface, with its health.
using System.Diagnostics;
using DrlRobot.Hardware.Link;
using DrlRobot.Hardware.Tests.Fakes;
using static DrlRobot.Hardware.Tests.Link.LinkFlight;

namespace DrlRobot.Hardware.Tests.Link;

public class LinkTelemetryInputTests
{
    [Test]
    public void TelemetryInput_ReadsTheDeviceValues_AndReportsStaleOrLostTelemetry()
    {
        var (host, far) = MemoryLinkTransport.CreatePair();
        var endpoint = new LinkDeviceEndpoint(far, LinkClientTests.LanderDevice(), LinkClientTests.Lander);
        using var client = new LinkClient(host, LinkClientTests.ClientConfig);
        using var device = new DeviceEndpointThread(endpoint);
        using var input = new LinkTelemetryInput(client, LinkClientTests.LanderObservations);
        var values = new float[8];

        // Before the handshake: the device answers every command with telemetry, the handshake's neutral one too, so
        // only here is "no telemetry yet" certain however the two threads are scheduled.
        Assert.That(input.TryRead(values, out _), Is.False, "nothing before the first telemetry");
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Degraded));
        Assert.That(input.ValueNames, Is.EqualTo(LinkClientTests.LanderObservations));
        client.Handshake();

        long setAt = Stopwatch.GetTimestamp();
        device.Inspect(d => { d.Device.SetObservations([0.5f, 1, 2, 3, 4, 5, 6, -7]); return 0; });
        Assert.That(FlyUntil(client, () => input.TryRead(values, out _) && values[7] == -7f, _ => [0f, 0f, 0f]), Is.True);
        Assert.That(input.TryRead(values, out long timestamp), Is.True);
        long readAt = Stopwatch.GetTimestamp();
        Assert.That(values[0], Is.EqualTo(0.5f));
        // Telemetry carrying the new values arrived after they were set and before the read returned; the bounds are
        // the test's own clock readings, so a stalled test thread widens them instead of failing them.
        Assert.That(timestamp, Is.InRange(setAt, readAt), "the arrival timestamp of the telemetry read");
        AssertStatusFollowsTheAge(input, timestamp, staleAfter: TimeSpan.FromMilliseconds(250));

        // No commands, so no telemetry, only heartbeats: once a reply still in flight has come in, it goes stale.
        long latest = timestamp, previous;
        int waits = 0;
        do
        {
            previous = latest;
            Thread.Sleep(300);
            Assert.That(input.TryRead(values, out latest), Is.True, "the last values stay readable");
        }
        while (latest != previous && ++waits < 10);
        Assert.That(latest, Is.EqualTo(previous), "no telemetry for 300 ms without commands");
        Assert.That(Stopwatch.GetElapsedTime(latest), Is.GreaterThan(TimeSpan.FromMilliseconds(250)));
        AssertStatusFollowsTheAge(input, latest, staleAfter: TimeSpan.FromMilliseconds(250));

        host.Connected = false;
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Failed));
    }

    /// <summary>Ok while the telemetry is at most <paramref name="staleAfter"/> old, Degraded after: checked against
    /// the ages the test measures just before and just after reading the status.</summary>
    private static void AssertStatusFollowsTheAge(LinkTelemetryInput input, long arrivedAt, TimeSpan staleAfter)
    {
        TimeSpan ageBefore = Stopwatch.GetElapsedTime(arrivedAt);
        DeviceStatus status = input.Status;
        TimeSpan ageAfter = Stopwatch.GetElapsedTime(arrivedAt);
        if (ageAfter <= staleAfter)
        {
            Assert.That(status, Is.EqualTo(DeviceStatus.Ok), $"telemetry {ageAfter.TotalMilliseconds:F1} ms old at most");
        }
        else if (ageBefore > staleAfter)
        {
            Assert.That(status, Is.EqualTo(DeviceStatus.Degraded), $"telemetry {ageBefore.TotalMilliseconds:F1} ms old at least");
        }
        else
        {
            Assert.That(status, Is.AnyOf(DeviceStatus.Ok, DeviceStatus.Degraded), "telemetry turned stale while the status was read");
        }
    }
}
