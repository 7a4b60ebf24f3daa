// A finished (or interrupted) run loaded back from its directory: its config and its newest good checkpoint.
using DrlRobot.Sim;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Torch;
using TorchSharp;

namespace DrlRobot.Trainer.Training;

internal sealed class LoadedRun : IDisposable
{
    private readonly IVecEnv _env;

    private LoadedRun(TrainConfig config, IVecEnv env, IAgent agent, string checkpoint)
    {
        Config = config;
        _env = env;
        Agent = agent;
        Checkpoint = checkpoint;
    }

    public TrainConfig Config { get; }

    public IAgent Agent { get; }

    public string Checkpoint { get; }

    /// <summary>Opens DIR; a missing directory, config or readable checkpoint is one clear error.</summary>
    public static LoadedRun Open(string runDir)
    {
        var run = new RunDirectory(runDir);
        if (!Directory.Exists(run.Root))
        {
            throw new DirectoryNotFoundException($"run directory not found: {runDir}");
        }
        TrainConfig config = ConfigLoader.ReadResolved(run.ConfigPath);
        TorchRuntime.EnsureLoaded();
        IReadOnlyList<string> hashes = ConfigLoader.AcceptedHashes(config);
        var store = new CheckpointStore(run.CheckpointsDir, config.CheckpointsKept);
        IVecEnv env = EnvRegistry.Create(config.Env, 1);
        IAgent agent = AgentFactory.Create(config with { NumEnvs = 1, Device = DeviceChoice.Cpu }, env, torch.CPU, new EpisodeTracker(1, 1));
        var problems = new List<string>();
        foreach (string file in store.List().Reverse())
        {
            try
            {
                (_, byte[] payload) = CheckpointStore.Read(file, hashes);
                using var reader = new BinaryReader(new MemoryStream(payload));
                agent.Load(reader);
                return new LoadedRun(config, env, agent, file);
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
            }
        }
        agent.Dispose();
        env.Dispose();
        throw new InvalidDataException(problems.Count == 0
            ? $"no checkpoint in {run.CheckpointsDir}"
            : $"no readable checkpoint in {run.CheckpointsDir}: {string.Join("; ", problems)}");
    }

    public void Dispose()
    {
        Agent.Dispose();
        _env.Dispose();
    }
}
