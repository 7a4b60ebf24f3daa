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
        client.Handshake();
        var values = new float[8];

        Assert.That(input.TryRead(values, out _), Is.False, "nothing before the first telemetry");
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Degraded));
        Assert.That(input.ValueNames, Is.EqualTo(LinkClientTests.LanderObservations));

        device.Inspect(d => { d.Device.SetObservations([0.5f, 1, 2, 3, 4, 5, 6, -7]); return 0; });
        Assert.That(FlyUntil(client, () => input.TryRead(values, out _) && values[7] == -7f, _ => [0f, 0f, 0f]), Is.True);
        Assert.That(input.TryRead(values, out long timestamp), Is.True);
        Assert.That(values[0], Is.EqualTo(0.5f));
        Assert.That(Stopwatch.GetElapsedTime(timestamp), Is.LessThan(TimeSpan.FromMilliseconds(250)));
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Ok));

        Thread.Sleep(300); // no commands, so no telemetry: only heartbeats
        Assert.That(input.TryRead(values, out _), Is.True, "the last values stay readable");
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Degraded));

        host.Connected = false;
        Assert.That(input.Status, Is.EqualTo(DeviceStatus.Failed));
    }
}
