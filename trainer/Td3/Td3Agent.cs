// TD3, read top to bottom: a deterministic tanh actor explored with Gaussian noise, twin critics, target policy
// smoothing, and actor and target updates delayed behind the critics. Collection and replay live in OffPolicyAgent.
using DrlRobot.Sim;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Networks;
using DrlRobot.Trainer.Training;
using DrlRobot.Trainer.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Td3;

internal sealed class Td3Agent : OffPolicyAgent
{
    private readonly Td3Config _td3;
    private readonly int _nAct;
    private readonly Mlp _actor, _actorTarget, _q1, _q2, _q1Target, _q2Target;
    private readonly AdamOptimizer _actorOptimizer, _qOptimizer;
    private readonly ExplorationNoise _noise;
    // Target policy smoothing's constants, held for the agent's lifetime (see Torch/CachedScalars).
    private readonly Scalar _policyNoise, _noiseClipLow, _noiseClipHigh;
    private static readonly Scalar MinusOne = (-1).ToScalar();

    public Td3Agent(TrainConfig config, IVecEnv env, Device device, EpisodeTracker episodes)
        : base(config, env, device, episodes, config.Td3.BufferSize, config.Td3.LearningStarts, config.Td3.BatchSize, config.Td3.UpdatesPerStep)
    {
        _td3 = config.Td3;
        _nAct = Mapper.Actuators;
        _actor = new Mlp("actor", NumObs, _td3.Hidden, _nAct, Activation.Relu, outputGain: 0.01);
        _actorTarget = new Mlp("actor_target", NumObs, _td3.Hidden, _nAct, Activation.Relu, outputGain: 0.01);
        _q1 = new Mlp("q1", NumObs + _nAct, _td3.Hidden, 1, Activation.Relu, outputGain: 1.0);
        _q2 = new Mlp("q2", NumObs + _nAct, _td3.Hidden, 1, Activation.Relu, outputGain: 1.0);
        _q1Target = new Mlp("q1_target", NumObs + _nAct, _td3.Hidden, 1, Activation.Relu, outputGain: 1.0);
        _q2Target = new Mlp("q2_target", NumObs + _nAct, _td3.Hidden, 1, Activation.Relu, outputGain: 1.0);
        foreach (Mlp net in Networks) net.to(device);
        SoftUpdate(_actorTarget, _actor, 1f);
        SoftUpdate(_q1Target, _q1, 1f);
        SoftUpdate(_q2Target, _q2, 1f);
        _actorOptimizer = new AdamOptimizer(_actor.parameters(), _td3.LearningRate);
        _qOptimizer = new AdamOptimizer(_q1.parameters().Concat(_q2.parameters()), _td3.LearningRate);
        _noise = new ExplorationNoise(NumEnvs * _nAct, _td3.ExplorationNoiseColor, Rng);
        (_policyNoise, _noiseClipLow, _noiseClipHigh) = (_td3.PolicyNoise.ToScalar(), (-_td3.NoiseClip).ToScalar(), _td3.NoiseClip.ToScalar());
    }

    public override IReadOnlyList<string> ProgressColumns =>
        ["losses/q", "losses/actor", .. _td3.Smoothness is null ? Array.Empty<string>() : ["losses/smoothness_temporal", "losses/smoothness_spatial"]];

    private Mlp[] Networks => [_actor, _actorTarget, _q1, _q2, _q1Target, _q2Target];

    protected override void RandomActions(float[] actions)
    {
        for (int i = 0; i < actions.Length; i++) actions[i] = (float)(2 * Rng.NextDouble() - 1);
    }

    protected override void Explore(float[] obs, float[] actions)
    {
        float[] mean = DeterministicOutputs(obs, NumEnvs);
        for (int i = 0; i < actions.Length; i++)
        {
            actions[i] = Math.Clamp(mean[i] + _td3.ExplorationNoise * _noise.Next(i), -1f, 1f);
        }
    }

    protected override void EpisodeStarted(int env) => _noise.Restart(env * _nAct, _nAct);

    protected override void Train(Batch batch, TrainMetrics metrics)
    {
        Tensor target;
        using (torch.no_grad())
        {
            Tensor noise = (NormalNoise(batch.Actions) * _policyNoise).clamp(_noiseClipLow, _noiseClipHigh);
            Tensor nextAction = (_actorTarget.forward(batch.NextObs).tanh() + noise).clamp(MinusOne, CachedScalars.One);
            Tensor nextInput = torch.cat([batch.NextObs, nextAction], 1);
            Tensor nextQ = torch.min(_q1Target.forward(nextInput), _q2Target.forward(nextInput)).squeeze(1);
            target = batch.Rewards + (CachedScalars.One - batch.Terminal) * GammaScalar(_td3.Gamma) * nextQ;
        }
        Tensor input = torch.cat([batch.Obs, batch.Actions], 1);
        Tensor qLoss = (_q1.forward(input).squeeze(1) - target).pow(CachedScalars.Two).mean() + (_q2.forward(input).squeeze(1) - target).pow(CachedScalars.Two).mean();
        _qOptimizer.ZeroGrad();
        qLoss.backward();
        _qOptimizer.Step();
        metrics.Add("losses/q", qLoss);

        if (Updates % _td3.PolicyDelay == 0)
        {
            using (Frozen(_q1))
            {
                Tensor actorLoss = -_q1.forward(torch.cat([batch.Obs, _actor.forward(batch.Obs).tanh()], 1)).mean();
                if (_td3.Smoothness is { } smooth)
                {
                    actorLoss = actorLoss + Smoothness(smooth, batch, metrics, x => _actor.forward(x).tanh());
                }
                _actorOptimizer.ZeroGrad();
                actorLoss.backward();
                _actorOptimizer.Step();
                metrics.Add("losses/actor", actorLoss);
            }
            SoftUpdate(_actorTarget, _actor, _td3.Tau);
            SoftUpdate(_q1Target, _q1, _td3.Tau);
            SoftUpdate(_q2Target, _q2, _td3.Tau);
        }
    }

    public override IEnumerable<(string Name, Tensor Tensor)> Tensors() =>
        TensorsOf(Networks, ("actor adam", _actorOptimizer), ("q adam", _qOptimizer));

    protected override float[] DeterministicOutputs(float[] obs, int rows)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return _actor.forward(torch.tensor(obs, [rows, NumObs], device: Device)).tanh().cpu().data<float>().ToArray();
    }

    public override PolicyGraph ToPolicyGraph() => new()
    {
        ObsMean = new float[NumObs],
        ObsStd = Enumerable.Repeat(1f, NumObs).ToArray(),
        ObsClip = float.PositiveInfinity,
        Layers = _actor.ToDenseLayers(),
        Head = ActionHead.Tanh,
        ActionLow = Contract.Actuators.Select(a => a.Low).ToArray(),
        ActionHigh = Contract.Actuators.Select(a => a.High).ToArray(),
    };

    protected override void SaveNetworks(BinaryWriter writer)
    {
        foreach (Mlp net in Networks) net.save(writer);
        _actorOptimizer.Save(writer);
        _qOptimizer.Save(writer);
    }

    protected override void LoadNetworks(BinaryReader reader)
    {
        foreach (Mlp net in Networks) ModuleState.LoadInPlace(net, reader);
        _actorOptimizer.Load(reader);
        _qOptimizer.Load(reader);
    }

    public override void Dispose()
    {
        _actorOptimizer.Dispose();
        _qOptimizer.Dispose();
        foreach (Mlp net in Networks) net.Dispose();
        foreach (Scalar scalar in new[] { _policyNoise, _noiseClipLow, _noiseClipHigh }) scalar.Dispose();
    }
}
