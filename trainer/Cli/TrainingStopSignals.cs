// Ctrl+C and SIGTERM during `drl-train train`: the first asks the run to stop after the current iteration and write a
// checkpoint there, so nothing trained is lost and --resume continues; a second one ends the process at once.
using System.Runtime.InteropServices;

namespace DrlRobot.Trainer.Cli;

/// <summary>Turns SIGINT/SIGTERM into a cancellation of the training loop, and remembers which signal it was.</summary>
internal sealed class TrainingStopSignals : IDisposable
{
    /// <summary>Exit code of a run stopped by SIGINT after writing its checkpoint (128 + 2, as a shell reports it).</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>Exit code of a run stopped by SIGTERM after writing its checkpoint (128 + 15).</summary>
    public const int TerminatedExitCode = 143;

    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly ConsoleProgress _progress;
    private int _signals;

    public TrainingStopSignals(ConsoleProgress progress, CancellationToken outer)
    {
        _progress = progress;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Fires on the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The exit code for the signal that stopped the run.</summary>
    public int ExitCode { get; private set; } = InterruptedExitCode;

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            // The second signal: the default action ends the process now.
            return;
        }
        context.Cancel = true;
        ExitCode = context.Signal == PosixSignal.SIGTERM ? TerminatedExitCode : InterruptedExitCode;
        _progress.Note($"{(context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "Ctrl+C")}: stopping after this iteration and writing a checkpoint " +
                       "(send it again to quit at once)");
        _stop.Cancel();
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
