// SAC, read top to bottom: a tanh-squashed Gaussian actor, twin critics with Polyak-averaged targets, and an
// entropy temperature tuned towards −(number of actuators). Collection and replay live in OffPolicyAgent.
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

namespace DrlRobot.Trainer.Sac;

internal sealed class SacAgent : OffPolicyAgent
{
    private const float LogStdMin = -5f, LogStdMax = 2f;

    // The sampler's constants as Scalars that live as long as the process (see Torch/CachedScalars), each of the type
    // the literal it replaces had, so the arithmetic is unchanged.
    private static readonly Scalar LogStdMinScalar = LogStdMin.ToScalar(), LogStdScale = (0.5f * (LogStdMax - LogStdMin)).ToScalar(),
        MinusHalfF = (-0.5f).ToScalar(), HalfLog2PiF = (0.5f * MathF.Log(2 * MathF.PI)).ToScalar(), SquashEpsilon = 1e-6f.ToScalar();

    private readonly SacConfig _sac;
    private readonly int _nAct;
    private readonly Mlp _actor, _q1, _q2, _q1Target, _q2Target;
    private readonly Parameter _logAlpha;
    private readonly AdamOptimizer _actorOptimizer, _qOptimizer, _alphaOptimizer;
    private readonly float _targetEntropy;
    private readonly Scalar _targetEntropyScalar;

    public SacAgent(TrainConfig config, IVecEnv env, Device device, EpisodeTracker episodes)
        : base(config, env, device, episodes, config.Sac.BufferSize, config.Sac.LearningStarts, config.Sac.BatchSize, config.Sac.UpdatesPerStep)
    {
        _sac = config.Sac;
        _nAct = Mapper.Actuators;
        _actor = new Mlp("actor", NumObs, _sac.Hidden, 2 * _nAct, Activation.Relu, outputGain: 0.01);
        _q1 = new Mlp("q1", NumObs + _nAct, _sac.Hidden, 1, Activation.Relu, outputGain: 1.0);
        _q2 = new Mlp("q2", NumObs + _nAct, _sac.Hidden, 1, Activation.Relu, outputGain: 1.0);
        _q1Target = new Mlp("q1_target", NumObs + _nAct, _sac.Hidden, 1, Activation.Relu, outputGain: 1.0);
        _q2Target = new Mlp("q2_target", NumObs + _nAct, _sac.Hidden, 1, Activation.Relu, outputGain: 1.0);
        foreach (Mlp net in Networks) net.to(device);
        SoftUpdate(_q1Target, _q1, 1f);
        SoftUpdate(_q2Target, _q2, 1f);
        _logAlpha = nn.Parameter(torch.tensor(MathF.Log(Math.Max(_sac.Alpha, 1e-8f)), device: device));
        _actorOptimizer = new AdamOptimizer(_actor.parameters(), _sac.PolicyLearningRate);
        _qOptimizer = new AdamOptimizer(_q1.parameters().Concat(_q2.parameters()), _sac.QLearningRate);
        _alphaOptimizer = new AdamOptimizer([_logAlpha], _sac.QLearningRate);
        _targetEntropy = -_nAct;
        _targetEntropyScalar = _targetEntropy.ToScalar();
    }

    private Mlp[] Networks => [_actor, _q1, _q2, _q1Target, _q2Target];

    public override IReadOnlyList<string> ProgressColumns =>
        ["losses/q", "losses/actor", .. _sac.AutoEntropy ? ["losses/alpha"] : Array.Empty<string>(), "charts/alpha",
         .. _sac.Smoothness is null ? Array.Empty<string>() : ["losses/smoothness_temporal", "losses/smoothness_spatial"]];

    // α as a tensor on the device: reading it back every step would make the host wait for the device.
    private Tensor Alpha => _logAlpha.detach().exp();

    // Reparameterised sample: a = tanh(μ + σ·ε) with the log-density corrected for the squashing.
    private (Tensor Action, Tensor LogProb, Tensor Mean) Sample(Tensor obs)
    {
        Tensor output = _actor.forward(obs);
        Tensor mean = output.narrow(1, 0, _nAct);
        Tensor logStd = output.narrow(1, _nAct, _nAct).tanh();
        logStd = LogStdMinScalar + LogStdScale * (logStd + CachedScalars.One);
        Tensor std = logStd.exp();
        Tensor noise = NormalNoise(mean);
        Tensor x = mean + std * noise;
        Tensor action = x.tanh();
        Tensor logProb = (MinusHalfF * noise.pow(CachedScalars.Two) - logStd - HalfLog2PiF).sum(1)
                         - (CachedScalars.One - action.pow(CachedScalars.Two) + SquashEpsilon).log().sum(1);
        return (action, logProb, mean);
    }

    protected override void RandomActions(float[] actions)
    {
        for (int i = 0; i < actions.Length; i++) actions[i] = (float)(2 * Rng.NextDouble() - 1);
    }

    protected override void Explore(float[] obs, float[] actions)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor x = torch.tensor(obs, [NumEnvs, NumObs], device: Device);
        Sample(x).Action.cpu().data<float>().CopyTo(actions.AsSpan());
    }

    protected override void Train(Batch batch, TrainMetrics metrics)
    {
        Tensor alpha = Alpha;
        Tensor target;
        using (torch.no_grad())
        {
            (Tensor nextAction, Tensor nextLogProb, _) = Sample(batch.NextObs);
            Tensor nextInput = torch.cat([batch.NextObs, nextAction], 1);
            Tensor nextQ = torch.min(_q1Target.forward(nextInput), _q2Target.forward(nextInput)).squeeze(1) - alpha * nextLogProb;
            target = batch.Rewards + (CachedScalars.One - batch.Terminal) * GammaScalar(_sac.Gamma) * nextQ;
        }
        Tensor input = torch.cat([batch.Obs, batch.Actions], 1);
        Tensor qLoss = (_q1.forward(input).squeeze(1) - target).pow(CachedScalars.Two).mean() + (_q2.forward(input).squeeze(1) - target).pow(CachedScalars.Two).mean();
        _qOptimizer.ZeroGrad();
        qLoss.backward();
        _qOptimizer.Step();
        metrics.Add("losses/q", qLoss);

        if (Updates % _sac.PolicyFrequency == 0)
        {
            // Several actor steps every few critic steps keep the update ratio while the critic settles (TD3's delay).
            using FrozenWeights critics = Frozen(_q1, _q2);
            for (int i = 0; i < _sac.PolicyFrequency; i++)
            {
                (Tensor action, Tensor logProb, _) = Sample(batch.Obs);
                Tensor policyInput = torch.cat([batch.Obs, action], 1);
                Tensor q = torch.min(_q1.forward(policyInput), _q2.forward(policyInput)).squeeze(1);
                Tensor actorLoss = (Alpha * logProb - q).mean();
                if (_sac.Smoothness is { } smooth)
                {
                    actorLoss = actorLoss + Smoothness(smooth, batch, metrics, x => _actor.forward(x).narrow(1, 0, _nAct).tanh());
                }
                _actorOptimizer.ZeroGrad();
                actorLoss.backward();
                _actorOptimizer.Step();
                metrics.Add("losses/actor", actorLoss);

                if (_sac.AutoEntropy)
                {
                    Tensor alphaLoss = (-_logAlpha.exp() * (logProb.detach() + _targetEntropyScalar)).mean();
                    _alphaOptimizer.ZeroGrad();
                    alphaLoss.backward();
                    _alphaOptimizer.Step();
                    metrics.Add("losses/alpha", alphaLoss);
                }
            }
            metrics.Add("charts/alpha", Alpha);
        }
        SoftUpdate(_q1Target, _q1, _sac.Tau);
        SoftUpdate(_q2Target, _q2, _sac.Tau);
    }

    public override IEnumerable<(string Name, Tensor Tensor)> Tensors() =>
        TensorsOf(Networks, ("actor adam", _actorOptimizer), ("q adam", _qOptimizer), ("alpha adam", _alphaOptimizer))
            .Append(("log_alpha", _logAlpha));

    protected override float[] DeterministicOutputs(float[] obs, int rows)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor mean = _actor.forward(torch.tensor(obs, [rows, NumObs], device: Device)).narrow(1, 0, _nAct).tanh();
        return mean.cpu().data<float>().ToArray();
    }

    public override PolicyGraph ToPolicyGraph()
    {
        IReadOnlyList<DenseLayer> layers = _actor.ToDenseLayers();
        DenseLayer last = layers[^1];
        // The exported policy is the mean: the first half of the last layer's outputs.
        var meanLayer = last with { Out = _nAct, Weight = last.Weight[..(_nAct * last.In)], Bias = last.Bias[.._nAct] };
        return new PolicyGraph
        {
            ObsMean = new float[NumObs],
            ObsStd = Enumerable.Repeat(1f, NumObs).ToArray(),
            ObsClip = float.PositiveInfinity,
            Layers = [.. layers.SkipLast(1), meanLayer],
            Head = ActionHead.Tanh,
            ActionLow = Contract.Actuators.Select(a => a.Low).ToArray(),
            ActionHigh = Contract.Actuators.Select(a => a.High).ToArray(),
        };
    }

    protected override void SaveNetworks(BinaryWriter writer)
    {
        foreach (Mlp net in Networks) net.save(writer);
        _logAlpha.Save(writer);
        _actorOptimizer.Save(writer);
        _qOptimizer.Save(writer);
        _alphaOptimizer.Save(writer);
    }

    protected override void LoadNetworks(BinaryReader reader)
    {
        foreach (Mlp net in Networks) ModuleState.LoadInPlace(net, reader);
        using (torch.no_grad()) _logAlpha.Load(reader);
        _actorOptimizer.Load(reader);
        _qOptimizer.Load(reader);
        _alphaOptimizer.Load(reader);
    }

    public override void Dispose()
    {
        _actorOptimizer.Dispose();
        _qOptimizer.Dispose();
        _alphaOptimizer.Dispose();
        foreach (Mlp net in Networks) net.Dispose();
        _logAlpha.Dispose();
        _targetEntropyScalar.Dispose();
    }
}
