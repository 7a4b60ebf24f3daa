// Runs an exported model in ONNX Runtime on a whole batch at once, as the parity tests need.
using DrlRobot.Trainer.Export;
using Microsoft.ML.OnnxRuntime;

namespace DrlRobot.Trainer.Tests.Export;

internal static class OrtRunner
{
    public static InferenceSession Open(byte[] model)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(model, options);
    }

    /// <summary>Actions for <paramref name="batch"/> observations laid out row by row; noise only for stochastic models.</summary>
    public static float[] Run(InferenceSession session, float[] obs, int batch, float[]? noise = null)
    {
        int nObs = obs.Length / batch;
        var names = new List<string> { OnnxPolicyExporter.ObservationInput };
        var values = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(obs, [batch, nObs]) };
        if (noise is not null)
        {
            names.Add(OnnxPolicyExporter.NoiseInput);
            values.Add(OrtValue.CreateTensorValueFromMemory(noise, [batch, noise.Length / batch]));
        }
        try
        {
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> outputs =
                session.Run(runOptions, names, values, [OnnxPolicyExporter.ActionOutput]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (OrtValue v in values)
            {
                v.Dispose();
            }
        }
    }
}
