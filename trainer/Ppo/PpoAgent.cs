// PPO, read top to bottom: collect a rollout from every env → GAE → minibatch epochs of the clipped objective.
// Continuous actions use a Gaussian with a state-independent log-std; discrete actions a categorical over the
// contract's action table. Sampling happens in C# from the agent's own generator, so a checkpoint restores it.
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Common;
using DrlRobot.Trainer.Config;
using DrlRobot.Trainer.Export;
using DrlRobot.Trainer.Networks;
using DrlRobot.Trainer.Torch;
using DrlRobot.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Ppo;

internal sealed class PpoAgent : IAgent
{
    private const double NormEpsilon = 1e-8;
    private static readonly float HalfLog2Pi = (float)(0.5 * Math.Log(2 * Math.PI));

    // The loss's constants as Scalars that live as long as the agent (see CachedScalars for why not literals).
    private readonly Scalar _clipLow, _clipHigh, _clipCoef, _entCoef, _vfCoef, _halfLog2Pi, _halfSingle;

    private readonly TrainConfig _config;
    private readonly PpoConfig _ppo;
    private readonly IVecEnv _env;
    private readonly RobotContract _contract;
    private readonly Device _device;
    private readonly EpisodeTracker _episodes;
    private readonly Rng _rng;
    private readonly PpoNetwork _net;
    private readonly AdamOptimizer _optimizer;
    private readonly GradientClipping _clipping;
    private readonly RunningMeanStd _obsStats;
    private readonly RewardScaler? _rewardScaler;
    private readonly ActionMapper _mapper;
    private HostMlp? _hostActor, _hostCritic;
    private bool _hostFresh; // false once the networks' weights have changed since the host copies were taken
    private readonly int _numEnvs, _numObs, _numOut, _actionWidth;

    // Rollout storage, [step, env, …] flattened.
    private readonly float[] _obs, _actions, _logProbs, _rewards, _dones, _values, _advantages, _returns;

    // Per-step scratch.
    private readonly float[] _rawObs, _normObs, _envActions, _stepRewards, _scaledRewards, _netOut, _stepValues;
    private readonly bool[] _terminated, _truncated, _ended;

    // The envs a time limit cut at this step: their normalised final observations, outputs, values and indices.
    private readonly float[] _cutObs, _cutOut, _cutValues;
    private readonly int[] _cutEnvs;

    public PpoAgent(TrainConfig config, IVecEnv env, Device device, EpisodeTracker episodes)
    {
        _config = config;
        _ppo = config.Ppo;
        (_clipLow, _clipHigh, _clipCoef) = ((1 - _ppo.ClipCoef).ToScalar(), (1 + _ppo.ClipCoef).ToScalar(), _ppo.ClipCoef.ToScalar());
        (_entCoef, _vfCoef, _halfLog2Pi, _halfSingle) = (_ppo.EntCoef.ToScalar(), _ppo.VfCoef.ToScalar(), HalfLog2Pi.ToScalar(), 0.5f.ToScalar());
        _env = env;
        _contract = env.Contract;
        _device = device;
        _episodes = episodes;
        _rng = new Rng(config.Seed ^ 0x9E0_0000UL);
        _numEnvs = env.NumEnvs;
        _numObs = _contract.Observations.Count;
        _mapper = new ActionMapper(_contract);
        _numOut = _mapper.NetworkOutputs;
        _actionWidth = _mapper.Discrete ? 1 : _numOut;

        _net = new PpoNetwork(_numObs, _numOut, _ppo.Hidden, !_mapper.Discrete, _ppo.InitLogStd);
        _net.to(device);
        _optimizer = new AdamOptimizer(_net.parameters(), _ppo.LearningRate, eps: 1e-5);
        _clipping = new GradientClipping(_net.parameters(), _ppo.MaxGradNorm, device);
        _obsStats = new RunningMeanStd(_numObs);
        _rewardScaler = _ppo.ScaleRewards ? new RewardScaler(_numEnvs, _ppo.Gamma, _ppo.RewardClip) : null;

        int rows = _ppo.RolloutSteps * _numEnvs;
        _obs = new float[rows * _numObs];
        _actions = new float[rows * _actionWidth];
        _logProbs = new float[rows];
        _rewards = new float[rows];
        _dones = new float[rows];
        _values = new float[rows];
        _advantages = new float[rows];
        _returns = new float[rows];

        _rawObs = new float[_numEnvs * _numObs];
        _normObs = new float[_numEnvs * _numObs];
        _envActions = new float[_numEnvs * _contract.Actuators.Count];
        _stepRewards = new float[_numEnvs];
        _scaledRewards = new float[_numEnvs];
        _netOut = new float[_numEnvs * _numOut];
        _stepValues = new float[_numEnvs];
        _terminated = new bool[_numEnvs];
        _truncated = new bool[_numEnvs];
        _ended = new bool[_numEnvs];
        (_cutObs, _cutOut, _cutValues, _cutEnvs) = (new float[_numEnvs * _numObs], new float[_numEnvs * _numOut], new float[_numEnvs], new int[_numEnvs]);
    }

    public long Steps { get; private set; }

    public long Updates { get; private set; }

    public IReadOnlyList<string> ProgressColumns =>
    [
        "losses/policy", "losses/value", "losses/entropy", "losses/approx_kl", "losses/clip_fraction", "losses/explained_variance",
        "charts/learning_rate", .. _rewardScaler is null ? Array.Empty<string>() : ["charts/reward_scale"],
        .. _ppo.Smoothness is null ? Array.Empty<string>() : ["losses/smoothness_temporal", "losses/smoothness_spatial"],
    ];

    // Where the time goes, cumulative: stepping the simulator, choosing actions, updating the networks.
    private readonly System.Diagnostics.Stopwatch _simTime = new(), _inferenceTime = new(), _updateTime = new();

    public void ResetEnvs(ulong seed)
    {
        _env.Reset(seed, _rawObs);
        _episodes.ResetPartial();
        _rewardScaler?.ResetPartial();
    }

    public IReadOnlyList<Metric> Iterate()
    {
        double learningRate = _ppo.LearningRate;
        if (_ppo.AnnealLearningRate)
        {
            learningRate *= Math.Max(0.0, 1.0 - (double)Steps / _config.Steps);
        }
        _optimizer.LearningRate = learningRate;

        // The last rollout is shortened so that the run ends exactly at its step budget.
        long remaining = (_config.Steps - Steps + _numEnvs - 1) / _numEnvs;
        int steps = (int)Math.Clamp(remaining, 1, _ppo.RolloutSteps);
        CollectRollout(steps);
        _updateTime.Start();
        List<Metric> metrics = Update(steps);
        _updateTime.Stop();
        metrics.Add(new Metric("perf/simulation_seconds", _simTime.Elapsed.TotalSeconds));
        metrics.Add(new Metric("perf/inference_seconds", _inferenceTime.Elapsed.TotalSeconds));
        metrics.Add(new Metric("perf/update_seconds", _updateTime.Elapsed.TotalSeconds));
        metrics.Add(new Metric("charts/learning_rate", learningRate));
        if (_rewardScaler is not null)
        {
            metrics.Add(new Metric("charts/reward_scale", _rewardScaler.Scale));
        }
        return metrics;
    }

    // Phase 1: one rollout of RolloutSteps from every env.
    private void CollectRollout(int steps)
    {
        int n = _numEnvs;
        // The log-std changes only in updates: one read per rollout, not one per step (a device sync on a GPU).
        float[]? logStd = _mapper.Discrete ? null : LogStd();
        for (int t = 0; t < steps; t++)
        {
            if (_ppo.NormalizeObservations)
            {
                _obsStats.Update(_rawObs, n);
            }
            _inferenceTime.Start();
            NormalizeInto(_rawObs, _normObs);
            _normObs.CopyTo(_obs, t * n * _numObs);
            Forward(_normObs, n, _netOut, _stepValues);
            _stepValues.CopyTo(_values, t * n);

            Span<float> actions = _actions.AsSpan(t * n * _actionWidth, n * _actionWidth);
            Span<float> logProbs = _logProbs.AsSpan(t * n, n);
            if (_mapper.Discrete)
            {
                SampleCategorical(actions, logProbs);
            }
            else
            {
                SampleGaussian(actions, logProbs, logStd!);
            }
            _mapper.ToActuators(actions, _envActions, n);
            _inferenceTime.Stop();

            _simTime.Start();
            _env.Step(_envActions, _rawObs, _stepRewards, _terminated, _truncated);
            _simTime.Stop();
            Steps += n;
            _episodes.Record(_stepRewards, _terminated, _truncated, _env.Success);
            for (int e = 0; e < n; e++)
            {
                _ended[e] = _terminated[e] || _truncated[e];
            }
            if (_rewardScaler is not null)
            {
                _rewardScaler.Apply(_stepRewards, _ended, _scaledRewards);
            }
            else
            {
                _stepRewards.CopyTo(_scaledRewards, 0);
            }
            BootstrapTruncated();
            for (int e = 0; e < n; e++)
            {
                _rewards[t * n + e] = _scaledRewards[e];
                _dones[t * n + e] = _ended[e] ? 1f : 0f;
            }
        }
    }

    // A time-limit end is not a real end: add γ·V(final observation) so GAE treats it as a cut, not a crash. The
    // envs cut at this step are valued together, in one forward pass.
    private void BootstrapTruncated()
    {
        ReadOnlySpan<float> finals = _env.FinalObservations;
        int rows = 0;
        for (int e = 0; e < _numEnvs; e++)
        {
            if (_truncated[e] && !_terminated[e])
            {
                NormalizeInto(finals.Slice(e * _numObs, _numObs), _cutObs.AsSpan(rows * _numObs, _numObs));
                _cutEnvs[rows++] = e;
            }
        }
        if (rows == 0)
        {
            return;
        }
        Forward(_cutObs, rows, _cutOut, _cutValues);
        for (int r = 0; r < rows; r++)
        {
            _scaledRewards[_cutEnvs[r]] += _ppo.Gamma * _cutValues[r];
        }
    }

    private float[] LogStd()
    {
        using (torch.NewDisposeScope())
        {
            return _net.LogStd!.detach().cpu().data<float>().ToArray();
        }
    }

    private void SampleGaussian(Span<float> actions, Span<float> logProbs, float[] logStd)
    {
        for (int e = 0; e < _numEnvs; e++)
        {
            float logProb = 0f;
            for (int j = 0; j < _numOut; j++)
            {
                float noise = (float)_rng.NextGaussian();
                actions[e * _numOut + j] = _netOut[e * _numOut + j] + MathF.Exp(logStd[j]) * noise;
                logProb += -0.5f * noise * noise - logStd[j] - HalfLog2Pi;
            }
            logProbs[e] = logProb;
        }
    }

    private void SampleCategorical(Span<float> actions, Span<float> logProbs)
    {
        Span<double> probabilities = stackalloc double[_numOut];
        for (int e = 0; e < _numEnvs; e++)
        {
            ReadOnlySpan<float> logits = _netOut.AsSpan(e * _numOut, _numOut);
            double max = double.NegativeInfinity;
            foreach (float l in logits) max = Math.Max(max, l);
            double sum = 0;
            for (int j = 0; j < _numOut; j++)
            {
                probabilities[j] = Math.Exp(logits[j] - max);
                sum += probabilities[j];
            }
            double u = _rng.NextDouble() * sum;
            int choice = _numOut - 1;
            for (int j = 0; j < _numOut; j++)
            {
                u -= probabilities[j];
                if (u < 0)
                {
                    choice = j;
                    break;
                }
            }
            actions[e] = choice;
            logProbs[e] = (float)(Math.Log(probabilities[choice]) - Math.Log(sum));
        }
    }

    // Phase 2–4: advantages, flatten, minibatch epochs.
    private List<Metric> Update(int steps)
    {
        int n = _numEnvs, batch = steps * n;
        NormalizeInto(_rawObs, _normObs);
        var lastValues = new float[n];
        Forward(_normObs, n, _netOut, lastValues);
        Gae.Compute(_rewards, _values, _dones, lastValues, steps, n, _ppo.Gamma, _ppo.GaeLambda, _advantages, _returns);

        using var scope = torch.NewDisposeScope();
        Tensor bObs = Rows(_obs, batch, _numObs);
        Tensor bActions = Rows(_actions, batch, _actionWidth);
        Tensor bLogProbs = Rows(_logProbs, batch, 1).squeeze(1);
        Tensor bAdvantages = Rows(_advantages, batch, 1).squeeze(1);
        Tensor bReturns = Rows(_returns, batch, 1).squeeze(1);

        long[] order = new long[batch];
        for (int i = 0; i < batch; i++) order[i] = i;
        SmoothnessConfig? smooth = _mapper.Discrete ? null : _ppo.Smoothness;
        (Tensor? bNext, Tensor? bHasNext) = smooth is null ? (null, null) : NextSteps(steps);
        int minibatch = Math.Min(_ppo.MinibatchSize, batch);
        // The minibatches' losses, KL and clip fraction are summed where they are computed and read back once per
        // iteration (once per epoch when target_kl may stop early), not five host reads per minibatch.
        Tensor sums = torch.zeros(smooth is null ? 5 : 7, device: _device);
        int updates = 0;
        bool stop = false;
        for (int epoch = 0; epoch < _ppo.Epochs && !stop; epoch++)
        {
            _rng.Shuffle(order);
            for (int start = 0; start + minibatch <= batch; start += minibatch)
            {
                using var step = torch.NewDisposeScope();
                Tensor index = torch.tensor(order.AsSpan(start, minibatch).ToArray(), device: _device);
                Tensor obs = bObs.index_select(0, index);
                (Tensor newLogProb, Tensor newEntropy) = Evaluate(obs, bActions.index_select(0, index));
                Tensor newValue = _net.Critic.forward(obs).squeeze(1);
                Tensor logRatio = newLogProb - bLogProbs.index_select(0, index);
                Tensor ratio = logRatio.exp();
                Tensor advantages = bAdvantages.index_select(0, index);
                if (_ppo.NormalizeAdvantages)
                {
                    advantages = (advantages - advantages.mean()) / (advantages.std() + CachedScalars.Epsilon);
                }
                Tensor pg = torch.max(-advantages * ratio, -advantages * ratio.clamp(_clipLow, _clipHigh)).mean();
                Tensor vLoss = CachedScalars.Half * (newValue - bReturns.index_select(0, index)).pow(CachedScalars.Two).mean();
                Tensor ent = newEntropy.mean();
                Tensor loss = pg - _entCoef * ent + _vfCoef * vLoss;
                Tensor[] smoothness = [];
                if (smooth is not null)
                {
                    (Tensor temporal, Tensor spatial) = SmoothnessTerms(bObs, index, bNext!, bHasNext!, smooth, minibatch);
                    loss = loss + smooth.Temporal * temporal + smooth.Spatial * spatial;
                    smoothness = [temporal.detach(), spatial.detach()];
                }

                _optimizer.ZeroGrad();
                loss.backward();
                _clipping.Apply();
                _optimizer.Step();
                _hostFresh = false;

                using (torch.no_grad())
                {
                    Tensor kl = ((ratio - CachedScalars.One) - logRatio).mean();
                    Tensor clipped = ((ratio - CachedScalars.One).abs() > _clipCoef).to_type(ScalarType.Float32).mean();
                    sums.add_(torch.stack([pg.detach(), vLoss.detach(), ent.detach(), kl, clipped, .. smoothness]), CachedScalars.One);
                }
                updates++;
                Updates++;
            }
            if (_ppo.TargetKl > 0 && sums[3].item<float>() / Math.Max(1, updates) > _ppo.TargetKl)
            {
                stop = true;
            }
        }
        updates = Math.Max(1, updates);
        float[] mean = [.. sums.cpu().data<float>().ToArray().Select(v => v / updates)];
        return
        [
            new Metric("losses/policy", mean[0]),
            new Metric("losses/value", mean[1]),
            new Metric("losses/entropy", mean[2]),
            new Metric("losses/approx_kl", mean[3]),
            new Metric("losses/clip_fraction", mean[4]),
            new Metric("losses/explained_variance", ExplainedVariance(batch)),
            .. smooth is null ? Array.Empty<Metric>() :
            [new Metric("losses/smoothness_temporal", mean[5]), new Metric("losses/smoothness_spatial", mean[6])],
        ];
    }

    // For each sample (row t·n + e), the row of the same env's next step and whether there is one in this rollout
    // (not after the last step, nor across an episode's end).
    private (Tensor Next, Tensor HasNext) NextSteps(int steps)
    {
        int n = _numEnvs, batch = steps * n;
        var next = new long[batch];
        var hasNext = new float[batch];
        for (int i = 0; i < batch; i++)
        {
            bool valid = i + n < batch && _dones[i] == 0f;
            next[i] = valid ? i + n : i;
            hasNext[i] = valid ? 1f : 0f;
        }
        return (torch.tensor(next, device: _device), torch.tensor(hasNext, device: _device));
    }

    // CAPS: mean distance between the policy's means at consecutive steps, and at an observation and a perturbed copy.
    // The perturbation comes from the trainer's generator, so a run with these terms resumes bit for bit.
    private (Tensor Temporal, Tensor Spatial) SmoothnessTerms(Tensor bObs, Tensor index, Tensor bNext, Tensor bHasNext, SmoothnessConfig smooth, int rows)
    {
        Tensor obs = bObs.index_select(0, index);
        Tensor mean = _net.Actor.forward(obs);
        Tensor following = _net.Actor.forward(bObs.index_select(0, bNext.index_select(0, index)));
        Tensor mask = bHasNext.index_select(0, index);
        Tensor temporal = (CapsLoss.Distance(mean, following) * mask).sum() / mask.sum().clamp_min(1);
        var noise = new float[rows * _numObs];
        _rng.FillGaussian(noise);
        Tensor perturbed = obs + smooth.Sigma * torch.tensor(noise, [rows, _numObs], device: _device);
        Tensor spatial = CapsLoss.Distance(mean, _net.Actor.forward(perturbed)).mean();
        return (temporal, spatial);
    }


    private Tensor Rows(float[] source, int rows, int width) =>
        torch.tensor(source, [source.Length / width, width], device: _device).narrow(0, 0, rows);

    private (Tensor LogProb, Tensor Entropy) Evaluate(Tensor obs, Tensor actions)
    {
        Tensor output = _net.Actor.forward(obs);
        if (_mapper.Discrete)
        {
            Tensor logSoftmax = output.log_softmax(1);
            Tensor logProb = logSoftmax.gather(1, actions.to_type(ScalarType.Int64)).squeeze(1);
            Tensor entropyPerRow = -(logSoftmax.exp() * logSoftmax).sum(1);
            return (logProb, entropyPerRow);
        }
        Tensor logStd = _net.LogStd!.expand_as(output);
        Tensor z = (actions - output) / logStd.exp();
        Tensor gaussianLogProb = (CachedScalars.MinusHalf * z.pow(CachedScalars.Two) - logStd - _halfLog2Pi).sum(1);
        Tensor gaussianEntropy = (logStd + _halfSingle + _halfLog2Pi).sum(1);
        return (gaussianLogProb, gaussianEntropy);
    }

    private double ExplainedVariance(int batch)
    {
        double meanReturn = _returns.Take(batch).Average(r => (double)r);
        double varReturn = _returns.Take(batch).Sum(r => (r - meanReturn) * (r - meanReturn));
        double varResidual = 0;
        for (int i = 0; i < batch; i++)
        {
            double d = _returns[i] - _values[i];
            varResidual += d * d;
        }
        return varReturn == 0 ? double.NaN : 1 - varResidual / varReturn;
    }

    // Network outputs (mean or logits) and values for `rows` normalised observations, computed on the host from a copy
    // of the weights taken after the last update (two device reads per rollout, none per step).
    private void Forward(float[] normalizedObs, int rows, float[] outputs, float[] values)
    {
        if (_hostActor is null || _hostCritic is null)
        {
            (_hostActor, _hostCritic) = (new HostMlp(_net.Actor.ToDenseLayers()), new HostMlp(_net.Critic.ToDenseLayers()));
        }
        else if (!_hostFresh)
        {
            _hostActor.Load(_net.Actor.ToDenseLayers());
            _hostCritic.Load(_net.Critic.ToDenseLayers());
        }
        _hostFresh = true;
        _hostActor.Forward(normalizedObs, rows, outputs);
        _hostCritic.Forward(normalizedObs, rows, values);
    }

    private void NormalizeInto(ReadOnlySpan<float> raw, Span<float> normalized)
    {
        if (_ppo.NormalizeObservations)
        {
            _obsStats.Normalize(raw, normalized, _ppo.ObsClip, NormEpsilon);
        }
        else
        {
            raw.CopyTo(normalized);
        }
    }

    public void Act(ReadOnlySpan<float> observations, Span<float> actions, int rows)
    {
        var normalized = new float[rows * _numObs];
        NormalizeInto(observations[..(rows * _numObs)], normalized);
        var outputs = new float[rows * _numOut];
        Forward(normalized, rows, outputs, new float[rows]);
        _mapper.Deterministic(outputs, actions, rows);
    }

    public PolicyGraph ToPolicyGraph() => new()
    {
        ObsMean = _ppo.NormalizeObservations ? _obsStats.Mean.ToArray().Select(m => (float)m).ToArray() : new float[_numObs],
        ObsStd = _ppo.NormalizeObservations ? _obsStats.Std(NormEpsilon) : Enumerable.Repeat(1f, _numObs).ToArray(),
        ObsClip = _ppo.NormalizeObservations ? _ppo.ObsClip : float.PositiveInfinity,
        Layers = _net.Actor.ToDenseLayers(),
        Head = _mapper.Discrete ? ActionHead.Argmax : ActionHead.Clip,
        ActionLow = _contract.Actuators.Select(a => a.Low).ToArray(),
        ActionHigh = _contract.Actuators.Select(a => a.High).ToArray(),
        DiscreteTable = _mapper.Discrete ? _contract.DiscreteActions.Select(r => r.ToArray()).ToArray() : null,
        LogStd = _net.LogStd?.detach().cpu().data<float>().ToArray(),
    };

    public IEnumerable<(string Name, Tensor Tensor)> Tensors() =>
        _net.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(_optimizer.Tensors().Select(t => ("adam " + t.Name, t.Tensor)));

    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Steps);
        _net.save(writer);
        _optimizer.Save(writer);
        _obsStats.Save(writer);
        writer.Write(_rewardScaler is not null);
        _rewardScaler?.Save(writer);
        _rng.Save(writer);
    }

    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Steps = reader.ReadInt64();
        ModuleState.LoadInPlace(_net, reader);
        _hostFresh = false;
        _optimizer.Load(reader);
        _obsStats.Load(reader);
        if (reader.ReadBoolean() != (_rewardScaler is not null))
        {
            throw new InvalidDataException("the checkpoint's reward scaling setting differs from the config");
        }
        _rewardScaler?.Load(reader);
        _rng.Load(reader);
    }

    public void Dispose()
    {
        foreach (Scalar scalar in new[] { _clipLow, _clipHigh, _clipCoef, _entCoef, _vfCoef, _halfLog2Pi, _halfSingle })
        {
            scalar.Dispose();
        }
        _optimizer.Dispose();
        _clipping.Dispose();
        _net.Dispose();
    }
}
