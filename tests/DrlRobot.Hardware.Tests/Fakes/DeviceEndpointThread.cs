// Runs a LinkDeviceEndpoint on its own thread with a real clock, as the emulator's loop would, for link tests.
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Fakes;

internal sealed class DeviceEndpointThread : IDisposable
{
    private readonly LinkDeviceEndpoint _endpoint;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private volatile bool _stop;

    public DeviceEndpointThread(LinkDeviceEndpoint endpoint)
    {
        _endpoint = endpoint;
        _thread = new Thread(Run) { IsBackground = true, Name = "test-link-device" };
        _thread.Start();
    }

    /// <summary>Looks at (or changes) the endpoint between two polls.</summary>
    public T Inspect<T>(Func<LinkDeviceEndpoint, T> look)
    {
        lock (_gate)
        {
            return look(_endpoint);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _endpoint.Dispose();
    }

    private void Run()
    {
        while (!_stop)
        {
            _endpoint.WaitForData(1);
            lock (_gate)
            {
                _endpoint.Poll(LinkClock.NowMicros);
            }
        }
    }
}
