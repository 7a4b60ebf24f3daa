// `attach --check`: the written file, loaded by ONNX Runtime as the robot will load it, flies the contract's
// simulator for some deterministic episodes, so a wrong output, action space or normaliser shows before deployment.
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Training;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DrlRobot.Trainer.Attach;

/// <summary>Evaluates a DrlRobot policy file in the simulator of its contract.</summary>
public static class AttachedPolicyCheck
{
    /// <summary>Plays <paramref name="episodes"/> episodes of <paramref name="envId"/> with the file at <paramref name="path"/>.</summary>
    public static EvalResult Fly(string path, string envId, int nObs, int nAct, int episodes, ulong seed)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: ONNX Runtime cannot load the attached model: {e.Message.ReplaceLineEndings(" ").Trim()}", e);
        }
        using (session)
        {
            // One row per run: a foreign graph may have a fixed batch of 1, and the robot runs one row per tick too.
            var input = new DenseTensor<float>([1, nObs]);
            PolicyFunction act = (observations, actions, rows) =>
            {
                for (int r = 0; r < rows; r++)
                {
                    observations.Slice(r * nObs, nObs).CopyTo(input.Buffer.Span);
                    using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> result =
                        session.Run([NamedOnnxValue.CreateFromTensor(OnnxPolicyExporter.ObservationInput, input)]);
                    Tensor<float> action = result.First(v => v.Name == OnnxPolicyExporter.ActionOutput).AsTensor<float>();
                    for (int j = 0; j < nAct; j++)
                    {
                        float value = action.GetValue(j);
                        if (!float.IsFinite(value))
                        {
                            throw new InvalidDataException($"{Path.GetFileName(path)}: the policy returned {value} for actuator {j}; the robot's supervisor would stop it");
                        }
                        actions[r * nAct + j] = value;
                    }
                }
            };
            return Evaluation.Run(envId, episodes, seed, 16, act);
        }
    }
}
