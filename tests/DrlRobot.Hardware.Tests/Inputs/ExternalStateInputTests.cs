// The external-state input over UDP on loopback: newest datagram wins, bad and stale ones are dropped.
using System.Net;
using System.Net.Sockets;
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Hardware.Tests.Inputs;

public class ExternalStateInputTests
{
    private static readonly string[] Names = ["x", "y", "vx", "vy"];

    private static void Send(UdpClient sender, IPEndPoint to, uint sequence, params float[] values)
    {
        byte[] datagram = new byte[ExternalStateDatagram.Length(values.Length)];
        ExternalStateDatagram.Write(datagram, sequence, values);
        sender.Send(datagram, datagram.Length, to);
    }

    private static void WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }
    }

    [Test]
    public void Datagram_RoundTripsItsValues()
    {
        byte[] buffer = new byte[ExternalStateDatagram.Length(3)];
        ExternalStateDatagram.Write(buffer, 42, [1.5f, -2f, 3.25f]);
        float[] values = new float[3];
        Assert.That(ExternalStateDatagram.TryRead(buffer, values, out uint sequence), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(sequence, Is.EqualTo(42u));
            Assert.That(values, Is.EqualTo(new[] { 1.5f, -2f, 3.25f }));
        });
    }

    [Test]
    public void Datagram_WrongCountOrMagic_IsRejected()
    {
        byte[] buffer = new byte[ExternalStateDatagram.Length(3)];
        ExternalStateDatagram.Write(buffer, 1, [1f, 2f, 3f]);
        Assert.That(ExternalStateDatagram.TryRead(buffer, new float[4], out _), Is.False);
        buffer[0] ^= 0xFF;
        Assert.That(ExternalStateDatagram.TryRead(buffer, new float[3], out _), Is.False);
    }

    [Test]
    public void TryRead_BeforeAnyDatagram_IsFalseAndDegraded()
    {
        using var input = new ExternalStateInput(new IPEndPoint(IPAddress.Loopback, 0), Names);
        Assert.Multiple(() =>
        {
            Assert.That(input.TryRead(new float[4], out _), Is.False);
            Assert.That(input.Status, Is.EqualTo(DeviceStatus.Degraded));
        });
    }

    [Test]
    public void TryRead_ReturnsTheNewestDatagramAndDropsStaleAndMalformedOnes()
    {
        using var input = new ExternalStateInput(new IPEndPoint(IPAddress.Loopback, 0), Names);
        using var sender = new UdpClient();
        Send(sender, input.LocalEndPoint, 10, 1f, 2f, 3f, 4f);
        WaitFor(() => input.Received == 1);
        Send(sender, input.LocalEndPoint, 9, 9f, 9f, 9f, 9f); // older: dropped
        Send(sender, input.LocalEndPoint, 11, 1f, 2f); // wrong count: dropped
        WaitFor(() => input.Rejected == 2);
        var values = new float[4];
        Assert.That(input.TryRead(values, out long timestamp), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(values, Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
            Assert.That(timestamp, Is.Positive);
            Assert.That(input.Status, Is.EqualTo(DeviceStatus.Ok));
        });
        Send(sender, input.LocalEndPoint, 12, 5f, 6f, 7f, 8f);
        WaitFor(() => input.Received == 2);
        input.TryRead(values, out long later);
        Assert.Multiple(() =>
        {
            Assert.That(values[0], Is.EqualTo(5f));
            Assert.That(later, Is.GreaterThanOrEqualTo(timestamp));
        });
    }

    [Test]
    public void PortInUse_ThrowsIOExceptionNamingTheEndpoint()
    {
        using var first = new ExternalStateInput(new IPEndPoint(IPAddress.Loopback, 0), Names);
        var e = Assert.Throws<IOException>(() => _ = new ExternalStateInput(first.LocalEndPoint, Names));
        Assert.That(e!.Message, Does.Contain(first.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
