// The host's 50 Hz control loop in tests: fly a fixed number of ticks, or until a condition holds. Waiting on a
// condition while still ticking keeps the tests honest on a loaded machine without feeding or starving the watchdog.
using System.Diagnostics;
using DrlRobot.Hardware.Link;

namespace DrlRobot.Hardware.Tests.Link;

internal static class LinkFlight
{
    /// <summary>Poll, command, sleep to the next 20 ms tick, <paramref name="ticks"/> times.</summary>
    public static void Fly(LinkClient client, int ticks, Func<int, float[]> command) =>
        FlyUntil(client, () => false, command, ticks);

    /// <summary>Ticks at 50 Hz until <paramref name="condition"/> holds (true) or <paramref name="maxTicks"/> pass (false).</summary>
    public static bool FlyUntil(LinkClient client, Func<bool> condition, Func<int, float[]> command, int maxTicks = 100)
    {
        var watch = Stopwatch.StartNew();
        for (int tick = 0; tick < maxTicks; tick++)
        {
            client.Poll();
            if (condition())
            {
                return true;
            }
            client.SendCommand(command(tick));
            int sleep = (int)(((tick + 1) * 20) - watch.ElapsedMilliseconds);
            if (sleep > 0)
            {
                Thread.Sleep(sleep);
            }
        }
        client.Poll();
        return condition();
    }

    /// <summary>Whether two actuator vectors agree within the int16 quantisation.</summary>
    public static bool Near(float[] actual, float[] expected) =>
        actual.Length == expected.Length && actual.Zip(expected).All(p => MathF.Abs(p.First - p.Second) < 1e-4f);
}
