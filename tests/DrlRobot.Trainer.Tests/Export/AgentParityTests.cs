// The file the robot runs equals the policy that was trained: for every algorithm, the TorchSharp deterministic
// action and ONNX Runtime's output of the exported file agree within 1e-5 on 10,000 random observations across the
// contract's ranges and on a recorded trajectory.
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Training;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace DrlRobot.Trainer.Tests.Export;

[NonParallelizable]
public class AgentParityTests
{
    private const int Samples = 10_000;
    private const float Tolerance = 1e-5f;

    public static IEnumerable<TestCaseData> Agents()
    {
        TrainConfig small = new() { NumEnvs = 4, Seed = 9, Steps = 100_000 };
        yield return new TestCaseData(small with { Env = "lander", Algo = Algorithm.Ppo, Ppo = new() { RolloutSteps = 64, MinibatchSize = 64, Epochs = 1 } }).SetName("Ppo_Lander");
        yield return new TestCaseData(small with { Env = "lander3", Algo = Algorithm.Ppo, Ppo = new() { RolloutSteps = 64, MinibatchSize = 64, Epochs = 1 } }).SetName("Ppo_Lander3");
        yield return new TestCaseData(small with { Env = "lander-discrete", Algo = Algorithm.Ppo, Ppo = new() { RolloutSteps = 64, MinibatchSize = 64, Epochs = 1 } }).SetName("Ppo_LanderDiscrete");
        yield return new TestCaseData(small with { Env = "lander", Algo = Algorithm.Sac, Sac = new() { LearningStarts = 200, BatchSize = 32, Hidden = [32, 32], BufferSize = 2000 } }).SetName("Sac_Lander");
        yield return new TestCaseData(small with { Env = "pendulum", Algo = Algorithm.Td3, Td3 = new() { LearningStarts = 200, BatchSize = 32, Hidden = [32, 32], BufferSize = 2000 } }).SetName("Td3_Pendulum");
        yield return new TestCaseData(small with { Env = "lander-discrete", Algo = Algorithm.Dqn, Dqn = new() { LearningStarts = 200, BatchSize = 32, Hidden = [32, 32], BufferSize = 2000 } }).SetName("Dqn_LanderDiscrete");
    }

    [TestCaseSource(nameof(Agents))]
    public void ExportedFile_MatchesTheTrainedPolicy(TrainConfig config)
    {
        DrlRobot.Trainer.Torch.TorchRuntime.EnsureLoaded();
        torch.manual_seed(1);
        using IVecEnv env = EnvRegistry.Create(config.Env, config.NumEnvs);
        using IAgent agent = AgentFactory.Create(config, env, torch.CPU, new EpisodeTracker(config.NumEnvs, 10));
        agent.ResetEnvs(3);
        agent.Iterate(); // moves the weights and the normaliser away from their initial values
        RobotContract contract = env.Contract;
        byte[] model = OnnxPolicyExporter.Build(agent.ToPolicyGraph(), contract, "{}");
        using InferenceSession session = OrtRunner.Open(model);

        float[] random = RandomObservations(contract, Samples, seed: 17);
        CompareOn(agent, session, contract, random, Samples, "random observations");

        float[] trajectory = RecordTrajectory(agent, config.Env, contract, out int rows);
        CompareOn(agent, session, contract, trajectory, rows, "a recorded trajectory");
    }

    private static void CompareOn(IAgent agent, InferenceSession session, RobotContract contract, float[] obs, int rows, string what)
    {
        int nAct = contract.Actuators.Count;
        var expected = new float[rows * nAct];
        agent.Act(obs, expected, rows);
        float[] actual = OrtRunner.Run(session, obs, rows);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), $"largest difference on {what}");
    }

    private static float[] RandomObservations(RobotContract contract, int rows, ulong seed)
    {
        var rng = new Rng(seed);
        int n = contract.Observations.Count;
        var obs = new float[rows * n];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < n; j++)
            {
                ObservationSpec spec = contract.Observations[j];
                obs[r * n + j] = (float)(spec.Low + rng.NextDouble() * (spec.High - spec.Low));
            }
        }
        return obs;
    }

    private static float[] RecordTrajectory(IAgent agent, string envId, RobotContract contract, out int rows)
    {
        using IRobotSim robot = EnvRegistry.CreateSingle(envId);
        int nObs = contract.Observations.Count;
        var trace = new List<float>();
        var obs = new float[nObs];
        var action = new float[contract.Actuators.Count];
        robot.Reset(123, obs);
        for (int t = 0; t < 300; t++)
        {
            trace.AddRange(obs);
            agent.Act(obs, action, 1);
            if (robot.Step(action, obs) is { Terminated: true } or { Truncated: true })
            {
                break;
            }
        }
        rows = trace.Count / nObs;
        return [.. trace];
    }
}
