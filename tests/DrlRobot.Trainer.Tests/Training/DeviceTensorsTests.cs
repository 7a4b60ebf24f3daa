// The device plumbing without a GPU: agents built on libtorch's meta device (tensors with shapes and no data) keep
// every parameter and optimiser moment there, and a checkpoint load leaves the optimisers stepping the very tensors
// the networks compute with — what a CUDA device needs and no CPU-only run would otherwise show.
using DrlRobot.Sim;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Tests.Training;

public class DeviceTensorsTests
{
    private static IEnumerable<TestCaseData> Agents()
    {
        yield return new TestCaseData(Algorithm.Ppo, "lander").SetName("Ppo");
        yield return new TestCaseData(Algorithm.Sac, "pendulum").SetName("Sac");
        yield return new TestCaseData(Algorithm.Td3, "lander").SetName("Td3");
        yield return new TestCaseData(Algorithm.Dqn, "lander-discrete").SetName("Dqn");
    }

    [TestCaseSource(nameof(Agents))]
    public void BuiltOnAnotherDevice_EveryParameterAndOptimiserMomentLivesThere(Algorithm algo, string envId)
    {
        TrainConfig config = ConfigLoader.Resolve(null, new ConfigOverrides { Env = envId, Algo = algo });
        using IVecEnv env = EnvRegistry.Create(envId, config.NumEnvs);
        using IAgent agent = AgentFactory.Create(config, env, torch.META, new EpisodeTracker(config.NumEnvs, 10));
        (string Name, Tensor Tensor)[] tensors = [.. agent.Tensors()];
        Assert.That(tensors.Count(t => t.Name.Contains("exp_avg", StringComparison.Ordinal)), Is.GreaterThan(0), "optimiser moments are listed");
        Assert.That(tensors.Where(t => t.Tensor.device_type != DeviceType.META).Select(t => $"{t.Name} on {t.Tensor.device_type}"), Is.Empty);
    }

    [TestCaseSource(nameof(Agents))]
    public void CheckpointLoad_KeepsTheTensorsTheOptimisersStep(Algorithm algo, string envId)
    {
        TrainConfig config = ConfigLoader.Resolve(null, new ConfigOverrides { Env = envId, Algo = algo });
        using IVecEnv env = EnvRegistry.Create(envId, config.NumEnvs);
        using IAgent agent = AgentFactory.Create(config, env, torch.CPU, new EpisodeTracker(config.NumEnvs, 10));
        IntPtr[] before = [.. agent.Tensors().Select(t => t.Tensor.Handle)];
        using var buffer = new MemoryStream();
        agent.Save(new BinaryWriter(buffer));
        buffer.Position = 0;
        agent.Load(new BinaryReader(buffer));
        (string Name, Tensor Tensor)[] after = [.. agent.Tensors()];
        Assert.That(after.Select(t => t.Tensor.Handle), Is.EqualTo(before), "the same native tensors before and after the load");
        // Each optimiser's parameters are network parameters, not copies.
        var networkHandles = after.Where(t => !t.Name.Contains("adam", StringComparison.Ordinal) && t.Name != "log_alpha").Select(t => t.Tensor.Handle).ToHashSet();
        IntPtr[] stepped = [.. after.Where(t => t.Name.Contains("adam parameter", StringComparison.Ordinal)).Select(t => t.Tensor.Handle)];
        Assert.That(stepped, Is.Not.Empty);
        Assert.That(stepped.Count(networkHandles.Contains), Is.EqualTo(algo == Algorithm.Sac ? stepped.Length - 1 : stepped.Length),
                    "every stepped tensor is a network's own parameter (SAC's α is its own)");
    }
}
