// Runs before any test of this assembly: libtorch is loaded the way drl-train loads it, with MKL's reproducible mode
// set before the first computation (MKL reads it once), whichever test happens to touch libtorch first.
using DrlRobot.Trainer.Torch;

namespace DrlRobot.Trainer.Tests;

[SetUpFixture]
public sealed class TorchSetUp
{
    [OneTimeSetUp]
    public void LoadLibtorchAsTheTrainerDoes() => TorchRuntime.EnsureLoaded();
}
