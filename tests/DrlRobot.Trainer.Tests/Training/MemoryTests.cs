// Dispose scopes keep native memory flat: no tensor outlives the iteration that made it, however many run.
using System.Diagnostics;
using DrlRobot.Sim;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Training;
using TorchSharp;

namespace DrlRobot.Trainer.Tests.Training;

[NonParallelizable]
public class MemoryTests
{
    public static IEnumerable<TestCaseData> Configs()
    {
        yield return new TestCaseData(new TrainConfig
        {
            Env = "pendulum", Algo = Algorithm.Ppo, NumEnvs = 4, Steps = 10_000_000,
            Ppo = new() { RolloutSteps = 128, MinibatchSize = 64, Epochs = 2 },
        }).SetName("Ppo");
        yield return new TestCaseData(new TrainConfig
        {
            Env = "pendulum", Algo = Algorithm.Sac, NumEnvs = 1, Steps = 10_000_000,
            Sac = new() { LearningStarts = 100, BatchSize = 64, Hidden = [32, 32], BufferSize = 50_000 },
        }).SetName("Sac");
    }

    [TestCaseSource(nameof(Configs))]
    public void LiveTensors_StayFlatOverManyIterations(TrainConfig config)
    {
        DrlRobot.Trainer.Torch.TorchRuntime.EnsureLoaded();
        using IVecEnv env = EnvRegistry.Create(config.Env, config.NumEnvs);
        using IAgent agent = AgentFactory.Create(config, env, torch.CPU, new EpisodeTracker(config.NumEnvs, 10));
        agent.ResetEnvs(1);
        for (int i = 0; i < 5; i++) agent.Iterate();
        long liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        long residentBefore = ResidentBytes();
        for (int i = 0; i < 30; i++) agent.Iterate();
        long liveAfter = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        long residentAfter = ResidentBytes();
        TestContext.Out.WriteLine($"live tensors {liveBefore} → {liveAfter}; resident memory {residentBefore >> 20} → {residentAfter >> 20} MiB");
        // Every tensor an iteration creates is disposed by a scope: the count of live native tensors is exactly flat.
        // (The resident set is reported, not asserted: the C allocator's arenas settle over tens of iterations.)
        Assert.That(liveAfter, Is.EqualTo(liveBefore), "tensors outlive their iteration");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }
}
