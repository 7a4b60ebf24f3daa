// Loads libtorch once, at a start-up boundary, and turns a native load failure into one clear message.
using TorchSharp;

namespace DrlRobot.Trainer.Torch;

/// <summary>Entry point for everything in the trainer that needs libtorch.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>
    /// Loads libtorch's CPU backend with MKL's reproducible mode set first (<see cref="NumericReproducibility"/>), or throws <see cref="InvalidOperationException"/> with a message that says what
    /// to do; TorchSharp's own failure text is multi-line and points at packages the user does not need.
    /// </summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }
            NumericReproducibility.Prepare();
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException
                                          or BadImageFormatException or EntryPointNotFoundException)
            {
                string reason = Innermost(e).Message.ReplaceLineEndings(" ");
                if (reason.Length > 300)
                {
                    reason = reason[..300] + "…";
                }
                throw new InvalidOperationException(
                    $"libtorch could not be loaded ({reason}); run `drl-train doctor` and see README, Troubleshooting", e);
            }
            _loaded = true;
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
