// Ctrl+C and SIGTERM during `drl-train train`: the first asks the run to stop after the current iteration and write a
// checkpoint there, so nothing trained is lost and --resume continues; a second one ends the process at once.
// Under `dotnet run`, killing the `dotnet` host does not reach the trainer it started; the trainer notices that its
// parent is gone and stops as if it had been sent SIGTERM, rather than training on with nobody to see it.
using System.Runtime.InteropServices;

namespace DrlRobot.Trainer.Cli;

/// <summary>Turns SIGINT/SIGTERM into a cancellation of the training loop, and remembers which signal it was.</summary>
internal sealed partial class TrainingStopSignals : IDisposable
{
    /// <summary>Exit code of a run stopped by SIGINT after writing its checkpoint (128 + 2, as a shell reports it).</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>Exit code of a run stopped by SIGTERM after writing its checkpoint (128 + 15).</summary>
    public const int TerminatedExitCode = 143;

    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly ConsoleProgress _progress;
    private readonly Timer? _parentWatch;
    private int _signals;

    public TrainingStopSignals(ConsoleProgress progress, CancellationToken outer)
    {
        _progress = progress;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
        if (OperatingSystem.IsLinux() && DotnetHostParent() is int host)
        {
            _parentWatch = new Timer(_ => WatchParent(host), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
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

    // Only a parent that is the dotnet host (what `dotnet run` leaves between the shell and the trainer): a trainer
    // under nohup, a shell script or Slurm keeps running when its launcher exits, as such launchers expect.
    private static int? DotnetHostParent()
    {
        try
        {
            int parent = ParentProcessId();
            return File.ReadAllText($"/proc/{parent}/comm").Trim() == "dotnet" ? parent : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void WatchParent(int host)
    {
        if (ParentProcessId() == host || Volatile.Read(ref _signals) > 0)
        {
            return;
        }
        // Re-parented: the dotnet host died (killed with the terminal, or by kill/Ctrl+C that it did not pass on).
        Interlocked.Increment(ref _signals);
        ExitCode = TerminatedExitCode;
        _progress.Note("the `dotnet run` that started this trainer is gone: stopping after this iteration and writing a checkpoint");
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended while the timer fired.
        }
    }

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int ParentProcessId();

    public void Dispose()
    {
        _parentWatch?.Dispose();
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
