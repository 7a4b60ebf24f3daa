// The HIL rig: a pseudo-terminal cable with the emulator (the same PlantEmulator `drl-run emulate` runs) on one end,
// on its own thread, and `drl-run hw`'s HardwareRun on the other. The host is stopped by a kill switch once the
// emulator has played its episodes, as an operator's Ctrl+C would.
using DrlRobot.Hardware.Tests.Fakes;
using DrlRobot.Runtime.Hil;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Tests.Fakes;

namespace DrlRobot.Runtime.Tests.Hil;

internal sealed class HilRig : IDisposable
{
    private readonly PtyCable _cable = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly Thread _thread;
    private EmulatorResult? _result;
    private Exception? _failure;

    public HilRig(EmulatorConfig config)
    {
        Emulator = PlantEmulator.Open(config with { Port = _cable.PathB });
        _thread = new Thread(() =>
        {
            // A microcontroller has its own core; on a shared CI host the emulator gets a real-time slot where permitted.
            _ = DrlRobot.Runtime.Control.LinuxScheduling.TrySetFifo(RealtimePriority);
            try
            {
                _result = Emulator.Run(_cancel.Token);
            }
            catch (Exception e)
            {
                _failure = e;
            }
            finally
            {
                EmulatorDone.Trip();
            }
        }) { IsBackground = true, Name = "hil-emulator" };
        _thread.Start();
    }

    public static string LanderSerial => Path.Combine(TestPaths.RepoRoot, "hardware", "configs", "lander-serial.json");

    public static string LanderModel => Path.Combine(TestPaths.RepoRoot, "models", "lander.onnx");

    /// <summary>The host's end of the cable.</summary>
    public string HostPort => _cable.PathA;

    public PlantEmulator Emulator { get; }

    /// <summary>Trips (as SIGINT would) when the emulator has finished.</summary>
    public TrippableSwitch EmulatorDone { get; } = new();

    /// <summary>
    /// Staleness limit for flights. A CI host running many jobs on two cores can stall a process for longer than the
    /// default 100 ms (and the device's 250 ms watchdog): with two CPU hogs beside four test assemblies, in-process
    /// flights have seen more than 0.5 s without a frame. Flights test landing and frame integrity, so they tolerate
    /// such stalls with this and <see cref="FlightWatchdogMs"/>, as the two-process flight does. The silent-link test
    /// keeps the defaults and proves the 250 ms bound.
    /// </summary>
    public static SafetyConfig FlightSafety { get; } = new() { MaxInputAgeSeconds = 2.0 };

    /// <summary>The emulated device's watchdog for flights (see <see cref="FlightSafety"/>): longer than its staleness limit.</summary>
    public const int FlightWatchdogMs = 2500;

    /// <summary>SCHED_FIFO priority of the host loop and the emulator thread (ignored where not permitted), as on the robot.</summary>
    public const int RealtimePriority = 10;

    /// <summary>Runs the host on the lander config until the emulator is done (or another stop).</summary>
    public HardwareRunResult RunHost(IPolicy policy, HardwareRunConfig? config = null, IKillSwitch? extra = null)
    {
        var run = (config ?? new HardwareRunConfig()) with
        {
            HardwarePath = config?.HardwarePath is { Length: > 0 } path ? path : LanderSerial,
            Port = HostPort,
            RealtimePriority = RealtimePriority,
        };
        IKillSwitch[] switches = extra is null ? [EmulatorDone] : [EmulatorDone, extra];
        return HardwareRun.Run(policy, run, switches);
    }

    /// <summary>Waits for the emulator's result.</summary>
    public EmulatorResult Finish(TimeSpan timeout)
    {
        if (!_thread.Join(timeout))
        {
            _cancel.Cancel();
            _thread.Join();
        }
        if (_failure is not null)
        {
            throw new InvalidOperationException("the emulator failed", _failure);
        }
        return _result!;
    }

    public void Dispose()
    {
        _cancel.Cancel();
        _thread.Join();
        Emulator.Dispose();
        _cable.Dispose();
        _cancel.Dispose();
    }
}

/// <summary>A kill switch tripped from code, reporting <see cref="StopReason.Signal"/> like Ctrl+C.</summary>
internal sealed class TrippableSwitch : IKillSwitch
{
    private volatile bool _tripped;

    public string Description => "test operator";

    public StopReason Reason => StopReason.Signal;

    public bool IsTripped => _tripped;

    public void Trip() => _tripped = true;

    public void Dispose()
    {
    }
}
