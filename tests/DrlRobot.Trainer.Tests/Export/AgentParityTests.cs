// The file the robot runs equals the policy that was trained: for every algorithm, the TorchSharp deterministic
// action and ONNX Runtime's output of the exported file agree within 1e-5 on 10,000 random observations across the
// contract's ranges and on a recorded trajectory. For discrete policies (DQN, discrete PPO) rows whose two best
// logits or Q-values nearly tie are left out: float rounding on another CPU may pick either action there.
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

    // Two best logits or Q-values closer than this (relative to the larger, at least 1) may swap in float rounding.
    private const float NearTie = 1e-4f;

    // At least this share of the rows must be clear of near-ties for the comparison to mean something. A policy one
    // iteration from its initialisation has near-uniform logits: on this machine 0.7 % of the random observations
    // and 7 % of the discrete PPO trajectory's rows are near-ties, and another CPU's trajectory may have more.
    private const double MinClearShare = 0.5;

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
        PolicyGraph graph = agent.ToPolicyGraph();
        byte[] model = OnnxPolicyExporter.Build(graph, contract, "{}");
        using InferenceSession session = OrtRunner.Open(model);

        float[] random = RandomObservations(contract, Samples, seed: 17);
        CompareOn(agent, session, graph, random, Samples, "random observations");

        float[] trajectory = RecordTrajectory(agent, config.Env, contract, out int rows);
        CompareOn(agent, session, graph, trajectory, rows, "a recorded trajectory");
    }

    private static void CompareOn(IAgent agent, InferenceSession session, PolicyGraph graph, float[] obs, int rows, string what)
    {
        int nObs = graph.NumObservations, nAct = graph.NumActions;
        var expected = new float[rows * nAct];
        agent.Act(obs, expected, rows);
        float[] actual = OrtRunner.Run(session, obs, rows);
        float worst = 0;
        int compared = 0;
        for (int r = 0; r < rows; r++)
        {
            if (graph.Head == ActionHead.Argmax && IsNearTie(ReferencePolicy.NetworkOutput(graph, obs.AsSpan(r * nObs, nObs))))
            {
                continue;
            }
            compared++;
            for (int j = r * nAct; j < (r + 1) * nAct; j++)
            {
                worst = Math.Max(worst, Math.Abs(expected[j] - actual[j]));
            }
        }
        if (graph.Head == ActionHead.Argmax)
        {
            TestContext.Out.WriteLine($"{what}: {compared} of {rows} rows clear of near-ties compared");
        }
        Assert.Multiple(() =>
        {
            Assert.That(compared, Is.GreaterThanOrEqualTo(MinClearShare * rows).And.Positive, $"rows of {what} clear of near-ties, of {rows}");
            Assert.That(worst, Is.LessThanOrEqualTo(Tolerance), $"largest difference on {what}");
        });
    }

    private static bool IsNearTie(float[] values)
    {
        float top = values[ReferencePolicy.ArgMax(values)];
        return ReferencePolicy.ArgMaxMargin(values) < NearTie * Math.Max(1f, Math.Abs(top));
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
