// DQN, read top to bottom: ε-greedy exploration with a linearly decaying ε, experience replay, Double DQN targets
// from a hard-copied target network, and a Huber loss. Collection and replay live in OffPolicyAgent. The policy
// picks a row of the contract's discrete action table, so the exported file outputs actuator commands like any other.
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

namespace DrlRobot.Trainer.Dqn;

internal sealed class DqnAgent : OffPolicyAgent
{
    private readonly DqnConfig _dqn;
    private readonly int _nActions;
    private readonly Mlp _q, _qTarget;
    private readonly AdamOptimizer _optimizer;
    private readonly GradientClipping _clipping;

    public DqnAgent(TrainConfig config, IVecEnv env, Device device, EpisodeTracker episodes)
        : base(config, env, device, episodes, config.Dqn.BufferSize, config.Dqn.LearningStarts, config.Dqn.BatchSize, config.Dqn.UpdatesPerStep)
    {
        _dqn = config.Dqn;
        _nActions = Mapper.NetworkOutputs;
        _q = new Mlp("q", NumObs, _dqn.Hidden, _nActions, Activation.Relu, outputGain: 1.0);
        _qTarget = new Mlp("q_target", NumObs, _dqn.Hidden, _nActions, Activation.Relu, outputGain: 1.0);
        _q.to(device);
        _qTarget.to(device);
        SoftUpdate(_qTarget, _q, 1f);
        _optimizer = new AdamOptimizer(_q.parameters(), _dqn.LearningRate);
        _clipping = new GradientClipping(_q.parameters(), _dqn.MaxGradNorm, device);
    }

    protected override void RandomActions(float[] actions)
    {
        for (int i = 0; i < actions.Length; i++) actions[i] = Rng.NextInt(_nActions);
    }

    protected override void Explore(float[] obs, float[] actions)
    {
        double epsilon = _dqn.Epsilon(Steps, Config.Steps);
        float[] q = DeterministicOutputs(obs, NumEnvs);
        for (int e = 0; e < NumEnvs; e++)
        {
            if (Rng.NextDouble() < epsilon)
            {
                actions[e] = Rng.NextInt(_nActions);
                continue;
            }
            int best = 0;
            for (int j = 1; j < _nActions; j++)
            {
                if (q[e * _nActions + j] > q[e * _nActions + best]) best = j;
            }
            actions[e] = best;
        }
    }

    public override IReadOnlyList<string> ProgressColumns => ["losses/td", "losses/q_values", "charts/epsilon"];

    protected override void Train(Batch batch, TrainMetrics metrics)
    {
        Tensor target;
        using (torch.no_grad())
        {
            // Double DQN: the online network picks the next action, the target network values it.
            Tensor nextAction = _q.forward(batch.NextObs).argmax(1, keepdim: true);
            Tensor nextQ = _qTarget.forward(batch.NextObs).gather(1, nextAction).squeeze(1);
            target = batch.Rewards + (CachedScalars.One - batch.Terminal) * GammaScalar(_dqn.Gamma) * nextQ;
        }
        Tensor q = _q.forward(batch.Obs).gather(1, batch.Actions.to_type(ScalarType.Int64)).squeeze(1);
        Tensor loss = nn.functional.smooth_l1_loss(q, target);
        _optimizer.ZeroGrad();
        loss.backward();
        _clipping.Apply();
        _optimizer.Step();
        metrics.Add("losses/td", loss);
        metrics.Add("losses/q_values", q.mean());
        metrics.Add("charts/epsilon", _dqn.Epsilon(Steps, Config.Steps));
        if ((Updates + 1) % _dqn.TargetUpdateInterval == 0)
        {
            SoftUpdate(_qTarget, _q, 1f);
        }
    }

    public override IEnumerable<(string Name, Tensor Tensor)> Tensors() => TensorsOf([_q, _qTarget], ("adam", _optimizer));

    protected override float[] DeterministicOutputs(float[] obs, int rows)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return _q.forward(torch.tensor(obs, [rows, NumObs], device: Device)).cpu().data<float>().ToArray();
    }

    public override PolicyGraph ToPolicyGraph() => new()
    {
        ObsMean = new float[NumObs],
        ObsStd = Enumerable.Repeat(1f, NumObs).ToArray(),
        ObsClip = float.PositiveInfinity,
        Layers = _q.ToDenseLayers(),
        Head = ActionHead.Argmax,
        ActionLow = Contract.Actuators.Select(a => a.Low).ToArray(),
        ActionHigh = Contract.Actuators.Select(a => a.High).ToArray(),
        DiscreteTable = Contract.DiscreteActions.Select(r => r.ToArray()).ToArray(),
    };

    protected override void SaveNetworks(BinaryWriter writer)
    {
        _q.save(writer);
        _qTarget.save(writer);
        _optimizer.Save(writer);
    }

    protected override void LoadNetworks(BinaryReader reader)
    {
        ModuleState.LoadInPlace(_q, reader);
        ModuleState.LoadInPlace(_qTarget, reader);
        _optimizer.Load(reader);
    }

    public override void Dispose()
    {
        _optimizer.Dispose();
        _clipping.Dispose();
        _q.Dispose();
        _qTarget.Dispose();
    }
}
