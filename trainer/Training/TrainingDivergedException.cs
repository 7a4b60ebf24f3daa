// Training that produced a non-finite loss: not a crash of ours and not bad input, but an outcome a sweep or a script
// must tell apart from both, so drl-train gives it its own exit code.
namespace DrlRobot.Trainer.Training;

/// <summary>A loss became NaN or infinite; the message names it, the step and the last good checkpoint.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
