// What the loop asks of the runtime and the OS for the length of a run: the low-latency GC mode, and on Linux, when
// permitted, SCHED_FIFO and a pinned CPU. Everything is undone on dispose; what could not be applied is reported in
// Notes and never fails the run.
using System.Runtime;

namespace DrlRobot.Runtime.Control;

/// <summary>Applies and later restores the loop thread's low-latency settings. Create and dispose on the loop thread.</summary>
public sealed class LowLatencyScope : IDisposable
{
    private readonly GCLatencyMode _previousGc;
    private readonly ulong[]? _previousAffinity;
    private readonly bool _fifo;
    private readonly List<string> _notes = [];

    /// <summary>Applies the settings <paramref name="config"/> asks for.</summary>
    public LowLatencyScope(ControlLoopConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _previousGc = GCSettings.LatencyMode;
        if (config.LowLatencyGc)
        {
            // SustainedLowLatency needs the concurrent GC; drl-run runs the non-concurrent workstation GC (no background
            // GC thread beside the loop), where LowLatency is the mode that holds off gen-2 collections. Neither matters
            // while ticks allocate nothing; they bound the damage if something does.
            GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
            if (GCSettings.LatencyMode != GCLatencyMode.SustainedLowLatency)
            {
                GCSettings.LatencyMode = GCLatencyMode.LowLatency;
            }
            _notes.Add($"gc: {GCSettings.LatencyMode}");
        }
        if (config.RealtimePriority is { } priority)
        {
            string? error = LinuxScheduling.TrySetFifo(priority);
            _fifo = error is null;
            _notes.Add(error is null ? $"scheduler: SCHED_FIFO {priority}" : $"scheduler: SCHED_FIFO {priority} not applied: {error}");
        }
        if (config.Cpu is { } cpu)
        {
            (ulong[]? previous, string? error) = LinuxScheduling.TryPin(cpu);
            _previousAffinity = previous;
            _notes.Add(error is null ? $"affinity: cpu {cpu}" : $"affinity: cpu {cpu} not applied: {error}");
        }
    }

    /// <summary>Whether SCHED_FIFO is in force.</summary>
    public bool RealtimeScheduling => _fifo;

    /// <summary>Whether the thread is pinned.</summary>
    public bool Pinned => _previousAffinity is not null;

    /// <summary>One line per setting: applied, or not applied and why.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Restores the GC mode, the scheduler and the affinity.</summary>
    public void Dispose()
    {
        GCSettings.LatencyMode = _previousGc;
        if (_fifo)
        {
            LinuxScheduling.ResetScheduler();
        }
        if (_previousAffinity is not null)
        {
            LinuxScheduling.Restore(_previousAffinity);
        }
    }
}
