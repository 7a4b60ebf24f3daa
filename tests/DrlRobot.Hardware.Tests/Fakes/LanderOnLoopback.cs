// The shipped lander config with its tracker moved to a free loopback port, so tests never clash over UDP 9870.
using System.Net;
using System.Net.Sockets;
using DrlRobot.Hardware.Config;

namespace DrlRobot.Hardware.Tests.Fakes;

internal static class LanderOnLoopback
{
    public static HardwareConfig Load()
    {
        HardwareConfig config = HardwareConfigJson.Load(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", "lander3-pca9685.json"));
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
