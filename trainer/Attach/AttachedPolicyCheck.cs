// `attach --check`: the written file, loaded by ONNX Runtime as the robot will load it, flies the contract's
// simulator for some deterministic episodes, so a wrong output, action space or normaliser shows before deployment.
using DrlRobot.Trainer.Onnx;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Attach;

/// <summary>Evaluates a DrlRobot policy file in the simulator of its contract.</summary>
public static class AttachedPolicyCheck
{
    /// <summary>Plays <paramref name="episodes"/> episodes of <paramref name="envId"/> with the file at <paramref name="path"/>.</summary>
    public static EvalResult Fly(string path, string envId, int episodes, ulong seed)
    {
        using OnnxFilePolicy policy = OnnxFilePolicy.Open(path);
        return Evaluation.Run(envId, episodes, seed, 16, policy.Act);
    }
}
