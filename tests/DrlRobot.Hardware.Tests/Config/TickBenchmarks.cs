// Per-tick cost of the device layer on the emulated board (write every output, build the observation, poll the kill
// switch). Explicit: run with --filter Category=Benchmark and a detailed console logger to see the figures.
using System.Diagnostics;
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Config;

[Category("Benchmark")]
[Explicit("timing figures for the README; run on a quiet machine")]
public class TickBenchmarks
{
    private const int Ticks = 20_000;

    private static (double P50, double P99, double Max) Measure(RobotHardware hardware)
    {
        var commands = new float[hardware.Outputs.Count];
        var obs = new float[hardware.Observations!.Names.Count];
        var samples = new double[Ticks];
        for (int i = -1000; i < Ticks; i++)
        {
            for (int k = 0; k < commands.Length; k++)
            {
                commands[k] = ((i & 7) - 3) * 0.1f;
            }
            long start = Stopwatch.GetTimestamp();
            hardware.Write(commands);
            hardware.Observations.TryBuild(obs, out _, out _);
            hardware.KillSwitch?.TryIsActive(out _);
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }
        Array.Sort(samples);
        return (samples[Ticks / 2], samples[(int)(Ticks * 0.99)], samples[^1]);
    }

    [Test]
    public void RoverTick()
    {
        HardwareConfig config = RoverOnLoopback.Load();
        using RobotHardware hardware = HardwareFactory.Open(config, out EmulatedRobot? robot);
        using EmulatedRobot _ = robot!;
        var (p50, p99, max) = Measure(hardware);
        TestContext.Out.WriteLine($"rover-emulated tick: p50 {p50:F1} µs, p99 {p99:F1} µs, max {max:F1} µs over {Ticks} ticks");
        Assert.That(p99, Is.LessThan(1000), "a tick must fit well inside a 50 Hz period");
    }

    [Test]
    public void LanderTick()
    {
        HardwareConfig config = LanderOnLoopback.Load();
        using EmulatedRobot robot = EmulatedRobot.Create(config);
        var time = new FakeTime();
        using RobotHardware hardware = HardwareFactory.Open(config, robot.Board, ownsBuses: true, time);
        time.Advance(TimeSpan.FromSeconds(3));
        robot.SendExternalState("tracker", [1f, 2f, 3f, 4f]);
        Thread.Sleep(50);
        var (p50, p99, max) = Measure(hardware);
        TestContext.Out.WriteLine($"lander3 (PCA9685) tick: p50 {p50:F1} µs, p99 {p99:F1} µs, max {max:F1} µs over {Ticks} ticks");
        Assert.That(p99, Is.LessThan(1000), "a tick must fit well inside a 50 Hz period");
    }
}
