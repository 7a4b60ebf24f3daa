// SIGINT (Ctrl+C) and SIGTERM (systemd stop, kill) as a kill switch: the default action would end the process with
// the outputs wherever the last tick left them, so the signal is cancelled and turned into a flag the loop reads; the
// loop then commands neutral and ends the run on its own terms.
using System.Runtime.InteropServices;

namespace DrlRobot.Runtime.Safety;

/// <summary>Trips on SIGINT, SIGTERM or SIGQUIT while alive; disposing restores the default handling.</summary>
public sealed class SignalKillSwitch : IKillSwitch
{
    private readonly PosixSignalRegistration[] _registrations;
    private volatile int _signal;

    /// <summary>Registers the handlers.</summary>
    public SignalKillSwitch()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Handle),
        ];
    }

    /// <inheritdoc />
    public string Description => "SIGINT/SIGTERM/SIGQUIT";

    /// <inheritdoc />
    public StopReason Reason => StopReason.Signal;

    /// <inheritdoc />
    public bool IsTripped => _signal != 0;

    /// <summary>The signal received (raw POSIX number as .NET reports it), or null.</summary>
    public PosixSignal? Received => _signal == 0 ? null : (PosixSignal)_signal;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Handle(PosixSignalContext context)
    {
        // Keep the process alive: the control loop sees the flag on its next tick, goes neutral and returns.
        context.Cancel = true;
        _signal = (int)context.Signal;
    }
}
