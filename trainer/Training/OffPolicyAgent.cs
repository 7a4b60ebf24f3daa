// The part SAC, TD3 and DQN share: step every env, store transitions in the replay buffer, and run gradient
// steps at a fixed ratio to environment steps. Subclasses choose actions and implement the update.
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Buffers;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Training;

internal abstract class OffPolicyAgent : IAgent
{
    private const int StepsPerIteration = 1000;

    private readonly IVecEnv _env;
    private readonly EpisodeTracker _episodes;
    private readonly ReplayBuffer _replay;
    private readonly int _learningStarts, _batchSize;
    private readonly double _updatesPerStep;
    private readonly float[] _obs, _nextObs, _netActions, _envActions, _rewards;
    private readonly bool[] _terminated, _truncated;
    private readonly float[] _bObs, _bActions, _bRewards, _bNext, _bTerminal;
    private double _pendingUpdates;

    protected OffPolicyAgent(TrainConfig config, IVecEnv env, Device device, EpisodeTracker episodes,
                             int bufferSize, int learningStarts, int batchSize, double updatesPerStep)
    {
        Config = config;
        _env = env;
        Device = device;
        _episodes = episodes;
        Contract = env.Contract;
        Mapper = new ActionMapper(Contract);
        NumEnvs = env.NumEnvs;
        NumObs = Contract.Observations.Count;
        ActionWidth = Mapper.Discrete ? 1 : Mapper.Actuators;
        _learningStarts = learningStarts;
        _batchSize = batchSize;
        _updatesPerStep = updatesPerStep;
        _replay = new ReplayBuffer(bufferSize, NumObs, ActionWidth);
        Rng = new Rng(config.Seed ^ 0x0FF_0000UL);
        _obs = new float[NumEnvs * NumObs];
        _nextObs = new float[NumEnvs * NumObs];
        _netActions = new float[NumEnvs * ActionWidth];
        _envActions = new float[NumEnvs * Mapper.Actuators];
        _rewards = new float[NumEnvs];
        _terminated = new bool[NumEnvs];
        _truncated = new bool[NumEnvs];
        _bObs = new float[batchSize * NumObs];
        _bNext = new float[batchSize * NumObs];
        _bActions = new float[batchSize * ActionWidth];
        _bRewards = new float[batchSize];
        _bTerminal = new float[batchSize];
    }

    protected TrainConfig Config { get; }

    protected Device Device { get; }

    protected RobotContract Contract { get; }

    protected ActionMapper Mapper { get; }

    protected Rng Rng { get; }

    protected int NumEnvs { get; }

    protected int NumObs { get; }

    /// <summary>Floats per stored action: one per actuator, or one action index.</summary>
    protected int ActionWidth { get; }

    public long Steps { get; private set; }

    public abstract IReadOnlyList<string> ProgressColumns { get; }

    // Where the time goes, cumulative: stepping the simulator, choosing actions, updating the networks.
    private readonly System.Diagnostics.Stopwatch _simTime = new(), _inferenceTime = new(), _updateTime = new();

    /// <summary>Gradient steps taken.</summary>
    public long Updates { get; private set; }

    /// <summary>Actions (network space: [-1, 1] per actuator, or an index) for every env while learning.</summary>
    protected abstract void Explore(float[] obs, float[] actions);

    /// <summary>Uniformly random network-space actions, before learning starts.</summary>
    protected abstract void RandomActions(float[] actions);

    /// <summary>One gradient step on <paramref name="batch"/>; adds its metrics.</summary>
    protected abstract void Train(Batch batch, TrainMetrics metrics);

    /// <summary>Network outputs (mean or Q-values) for raw observations, for deterministic actions and export.</summary>
    protected abstract float[] DeterministicOutputs(float[] obs, int rows);

    /// <summary>Env <paramref name="env"/> begins a new episode (after a reset or an episode's end).</summary>
    protected virtual void EpisodeStarted(int env)
    {
    }

    protected abstract void SaveNetworks(BinaryWriter writer);

    protected abstract void LoadNetworks(BinaryReader reader);

    public abstract PolicyGraph ToPolicyGraph();

    public abstract IEnumerable<(string Name, Tensor Tensor)> Tensors();

    /// <summary>The named parameters of <paramref name="networks"/> and the tensors of <paramref name="optimizers"/>.</summary>
    protected static IEnumerable<(string Name, Tensor Tensor)> TensorsOf(IEnumerable<Networks.Mlp> networks, params (string Name, Torch.AdamOptimizer Optimizer)[] optimizers) =>
        networks.SelectMany(n => n.named_parameters().Select(p => ($"{n.GetName()}.{p.name}", (Tensor)p.parameter)))
                .Concat(optimizers.SelectMany(o => o.Optimizer.Tensors().Select(t => ($"{o.Name} {t.Name}", t.Tensor))));

    public abstract void Dispose();

    public void ResetEnvs(ulong seed)
    {
        _env.Reset(seed, _obs);
        _episodes.ResetPartial();
        for (int e = 0; e < NumEnvs; e++) EpisodeStarted(e);
    }

    public IReadOnlyList<Metric> Iterate()
    {
        using var metrics = new TrainMetrics(Device);
        long target = Steps + StepsPerIteration;
        while (Steps < target && Steps < Config.Steps)
        {
            _inferenceTime.Start();
            if (Steps < _learningStarts)
            {
                RandomActions(_netActions);
            }
            else
            {
                Explore(_obs, _netActions);
            }
            Mapper.ToActuators(_netActions, _envActions, NumEnvs);
            _inferenceTime.Stop();
            _simTime.Start();
            _env.Step(_envActions, _nextObs, _rewards, _terminated, _truncated);
            _simTime.Stop();
            Steps += NumEnvs;
            _episodes.Record(_rewards, _terminated, _truncated, _env.Success);
            _replay.AddStep(_obs, _netActions, _rewards, _nextObs, _terminated, _truncated, _env.FinalObservations);
            _nextObs.CopyTo(_obs, 0);
            for (int e = 0; e < NumEnvs; e++)
            {
                if (_terminated[e] || _truncated[e]) EpisodeStarted(e);
            }

            if (Steps >= _learningStarts)
            {
                _updateTime.Start();
                _pendingUpdates += NumEnvs * _updatesPerStep;
                while (_pendingUpdates >= 1)
                {
                    _pendingUpdates -= 1;
                    _replay.Sample(Rng, _batchSize, _bObs, _bActions, _bRewards, _bNext, _bTerminal);
                    using var scope = torch.NewDisposeScope();
                    var batch = new Batch(
                        torch.tensor(_bObs, [_batchSize, NumObs], device: Device),
                        torch.tensor(_bActions, [_batchSize, ActionWidth], device: Device),
                        torch.tensor(_bRewards, [_batchSize], device: Device),
                        torch.tensor(_bNext, [_batchSize, NumObs], device: Device),
                        torch.tensor(_bTerminal, [_batchSize], device: Device));
                    Train(batch, metrics);
                    Updates++;
                }
                _updateTime.Stop();
            }
        }
        List<Metric> result = metrics.Means();
        result.Add(new Metric("perf/simulation_seconds", _simTime.Elapsed.TotalSeconds));
        result.Add(new Metric("perf/inference_seconds", _inferenceTime.Elapsed.TotalSeconds));
        result.Add(new Metric("perf/update_seconds", _updateTime.Elapsed.TotalSeconds));
        return result;
    }

    public void Act(ReadOnlySpan<float> observations, Span<float> actions, int rows)
    {
        float[] outputs = DeterministicOutputs(observations[..(rows * NumObs)].ToArray(), rows);
        Mapper.Deterministic(outputs, actions, rows);
    }

    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Steps);
        writer.Write(Updates);
        writer.Write(_pendingUpdates);
        SaveNetworks(writer);
        byte[] torchRng = torch.get_rng_state().data<byte>().ToArray();
        writer.Write(torchRng.Length);
        writer.Write(torchRng);
        Rng.Save(writer);
        _replay.Save(writer);
    }

    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Steps = reader.ReadInt64();
        Updates = reader.ReadInt64();
        _pendingUpdates = reader.ReadDouble();
        LoadNetworks(reader);
        byte[] torchRng = reader.ReadBytes(reader.ReadInt32());
        using (Tensor state = torch.tensor(torchRng, dtype: ScalarType.Byte))
        {
            torch.set_rng_state(state);
        }
        Rng.Load(reader);
        _replay.Load(reader);
    }

    /// <summary>
    /// Standard normal noise shaped like <paramref name="like"/>, on its device, drawn from libtorch's CPU generator:
    /// the one generator a checkpoint saves and restores, so a resumed run draws the same noise on any device (on the
    /// CPU it is the very stream <c>randn_like</c> draws). A CUDA tensor's own generator is not checkpointed.
    /// </summary>
    internal static Tensor NormalNoise(Tensor like)
    {
        ArgumentNullException.ThrowIfNull(like);
        Tensor noise = torch.randn(like.shape, dtype: like.dtype, device: torch.CPU);
        return like.device_type == DeviceType.CPU ? noise : noise.to(like.device);
    }


    /// <summary>
    /// The weighted CAPS terms of <paramref name="policy"/> (the deterministic action) on a minibatch: its transitions
    /// give each observation's next one, and the perturbation comes from the checkpointed generator.
    /// </summary>
    internal static Tensor Smoothness(SmoothnessConfig smooth, Batch batch, TrainMetrics metrics, Func<Tensor, Tensor> policy)
    {
        ArgumentNullException.ThrowIfNull(smooth);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(metrics);
        (Tensor temporal, Tensor spatial) = CapsLoss.Terms(policy, batch.Obs, batch.NextObs, batch.Obs + smooth.Sigma * NormalNoise(batch.Obs));
        metrics.Add("losses/smoothness_temporal", temporal);
        metrics.Add("losses/smoothness_spatial", spatial);
        return smooth.Temporal * temporal + smooth.Spatial * spatial;
    }

    /// <summary>
    /// Stops gradients into <paramref name="networks"/>' weights until disposed. The actor's loss runs through the
    /// critics, whose weight gradients that backward pass would compute and the next critic step would zero unread:
    /// frozen, libtorch skips those matrix products and the update is the same.
    /// </summary>
    protected static FrozenWeights Frozen(params Networks.Mlp[] networks) => new(networks);

    /// <summary>Restores gradients into the weights <see cref="Frozen"/> stopped.</summary>
    protected readonly struct FrozenWeights : IDisposable
    {
        private readonly Networks.Mlp[] _networks;

        public FrozenWeights(Networks.Mlp[] networks)
        {
            _networks = networks;
            foreach (Networks.Mlp net in networks) net.Flat.requires_grad = false;
        }

        public void Dispose()
        {
            foreach (Networks.Mlp net in _networks) net.Flat.requires_grad = true;
        }
    }

    /// <summary>The discount as a Scalar made once per value (see Torch/CachedScalars).</summary>
    protected static Scalar GammaScalar(float gamma) => GammaScalars.GetOrAdd(gamma, g => g.ToScalar());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<float, Scalar> GammaScalars = new();

    // The Polyak rates' Scalars, made once per rate (see Torch/CachedScalars for why not temporaries).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<float, (Scalar Keep, Scalar Take)> PolyakScalars = new();

    /// <summary>Copies <paramref name="source"/>'s weights into <paramref name="target"/> scaled: target ← τ·source + (1−τ)·target.</summary>
    protected static void SoftUpdate(Networks.Mlp target, Networks.Mlp source, float tau)
    {
        using var noGrad = torch.no_grad();
        (Scalar keep, Scalar take) = PolyakScalars.GetOrAdd(tau, t => ((1 - t).ToScalar(), t.ToScalar()));
        target.Flat.mul_(keep).add_(source.Flat, alpha: take);
    }
}

/// <summary>A sampled minibatch on the training device.</summary>
internal sealed record Batch(Tensor Obs, Tensor Actions, Tensor Rewards, Tensor NextObs, Tensor Terminal);
