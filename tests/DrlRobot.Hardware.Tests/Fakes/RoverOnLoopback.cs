// The shipped emulated rover with its tracker moved to a free loopback port, so tests never clash over UDP 9871.
using System.Net;
using System.Net.Sockets;
using DrlRobot.Hardware.Config;

namespace DrlRobot.Hardware.Tests.Fakes;

internal static class RoverOnLoopback
{
    public static HardwareConfig Load(string file = "rover-emulated.json")
    {
        HardwareConfig config = HardwareConfigJson.Load(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", file));
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }
        return config with
        {
            Devices = [.. config.Devices.Select(d => d.Type == DeviceTypes.UdpState ? d with { Port = port, ListenAddress = "127.0.0.1" } : d)],
        };
    }
}
