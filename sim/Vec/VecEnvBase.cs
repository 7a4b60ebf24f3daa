// The machinery every vectorized environment shares: per-env random streams, action sanitising, actuator models,
// time limits, sensor noise, automatic reset with the final observation kept, and the split of a step over threads.
// A concrete environment supplies only its reset and a static-style physics kernel over a range of envs.
using DrlRobot.Sim.Actuators;
using DrlRobot.Sim.Contracts;
using DrlRobot.Sim.Random;
using DrlRobot.Sim.Randomization;

namespace DrlRobot.Sim.Vec;

/// <summary>A batch of one robot's envs in structure-of-arrays form; see <see cref="IVecEnv"/> for the contract.</summary>
internal abstract class VecEnvBase : IVecEnv, INonFiniteActionCounter
{
    private readonly float[] _actions, _applied, _observations, _rewards, _finalObservations, _neutral;
    private readonly bool[] _terminated, _truncated, _success, _noisy;
    private readonly int _maxEpisodeSteps;
    private readonly ActuatorBank _actuators;
    private readonly WorkerPool? _pool;
    private readonly Action<int> _stepChunk;
    private readonly int _chunks;
    private bool _started;
    private long _nonFiniteActions;

    protected VecEnvBase(RobotContract contract, int numEnvs, EnvOptions? options, int maxEpisodeSteps,
                         IReadOnlyList<ActuatorModel> actuatorModels)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentOutOfRangeException.ThrowIfLessThan(numEnvs, 1);
        options ??= new EnvOptions();
        options.Validate();
        Contract = contract;
        NumEnvs = numEnvs;
        NumObservations = contract.Observations.Count;
        NumActuators = contract.Actuators.Count;
        _maxEpisodeSteps = options.MaxEpisodeSteps ?? maxEpisodeSteps;
        _actions = new float[numEnvs * NumActuators];
        _applied = new float[numEnvs * NumActuators];
        _observations = new float[numEnvs * NumObservations];
        _finalObservations = new float[numEnvs * NumObservations];
        _rewards = new float[numEnvs];
        _terminated = new bool[numEnvs];
        _truncated = new bool[numEnvs];
        _success = new bool[numEnvs];
        _neutral = [.. contract.Actuators.Select(a => a.Neutral)];
        _noisy = new bool[NumObservations];
        Rng = new SimRng[numEnvs];
        EpisodeStep = new int[numEnvs];
        Parameters = new EpisodeParameters(numEnvs, options.Randomization);
        _actuators = new ActuatorBank(contract.Actuators, actuatorModels, numEnvs, contract.PeriodSeconds, Parameters.MaxLatencySteps);
        int threads = Math.Min(options.Threads, numEnvs);
        _pool = threads > 1 ? new WorkerPool(threads) : null;
        // A few chunks per thread let the calling thread take over a worker's share when the machine is busy.
        _chunks = threads > 1 ? Math.Min(numEnvs, threads * 4) : 1;
        _stepChunk = StepChunk;
    }

    public int NumEnvs { get; }

    public RobotContract Contract { get; }

    public ReadOnlySpan<float> FinalObservations => _finalObservations;

    public ReadOnlySpan<bool> Success => _success;

    public long NonFiniteActionCount => Interlocked.Read(ref _nonFiniteActions);

    /// <summary>When false, finished envs are left as they are for the caller to reset (the single-robot view).</summary>
    internal bool AutoReset { get; set; } = true;

    protected int NumObservations { get; }

    protected int NumActuators { get; }

    /// <summary>Each env's own random stream, derived from (seed, env index) at every batch reset.</summary>
    protected SimRng[] Rng { get; }

    /// <summary>Control steps taken so far in each env's current episode.</summary>
    protected int[] EpisodeStep { get; }

    /// <summary>Masses, scales, noise, wind and latency of each env's current episode.</summary>
    protected EpisodeParameters Parameters { get; }

    public void Reset(ulong seed, Span<float> observations) => Reset(seed, observations, firstStream: 0);

    /// <summary>Resets with env <c>i</c> drawing from stream <c>firstStream + i</c>, so one env can replay env i of a batch.</summary>
    internal void Reset(ulong seed, Span<float> observations, int firstStream)
    {
        CheckLength(observations.Length, NumEnvs * NumObservations, "observations");
        for (int env = 0; env < NumEnvs; env++)
        {
            Rng[env] = SimRng.ForStream(seed, firstStream + env);
            ResetOne(env);
        }
        _observations.CopyTo(observations);
        _started = true;
    }

    public void Step(ReadOnlySpan<float> actions, Span<float> observations, Span<float> rewards, Span<bool> terminated,
                     Span<bool> truncated)
    {
        if (!_started)
        {
            throw new InvalidOperationException("Step was called before Reset");
        }
        CheckLength(actions.Length, NumEnvs * NumActuators, "actions");
        CheckLength(observations.Length, NumEnvs * NumObservations, "observations");
        CheckLength(rewards.Length, NumEnvs, "rewards");
        CheckLength(terminated.Length, NumEnvs, "terminated");
        CheckLength(truncated.Length, NumEnvs, "truncated");
        SanitizeActions(actions);
        if (_pool is null)
        {
            StepChunk(0);
        }
        else
        {
            _pool.Run(_stepChunk, _chunks);
        }
        _observations.CopyTo(observations);
        _rewards.CopyTo(rewards);
        _terminated.CopyTo(terminated);
        _truncated.CopyTo(truncated);
    }

    public void Dispose()
    {
        _pool?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Draws env <paramref name="env"/>'s initial state from <see cref="Rng"/> and writes its observation.</summary>
    protected abstract void ResetEnv(int env, Span<float> observation);

    /// <summary>
    /// Advances envs [<paramref name="begin"/>, <paramref name="end"/>) one control period with the actuator values
    /// <paramref name="applied"/> (after the actuator models), writing each env's observation, reward, termination
    /// and success. Spans cover the whole batch, env-major. Called from several threads on disjoint ranges.
    /// </summary>
    protected abstract void StepRange(int begin, int end, ReadOnlySpan<float> applied, Span<float> observations,
                                      Span<float> rewards, Span<bool> terminated, Span<bool> success);

    /// <summary>Marks which observations get sensor noise under randomisation (contact flags, for example, do not).</summary>
    protected void SetNoisyObservations(params int[] indices)
    {
        Array.Clear(_noisy);
        foreach (int i in indices)
        {
            _noisy[i] = true;
        }
    }

    private void ResetOne(int env)
    {
        EpisodeStep[env] = 0;
        Parameters.Draw(env, ref Rng[env]);
        _actuators.Reset(env);
        Span<float> observation = _observations.AsSpan(env * NumObservations, NumObservations);
        ResetEnv(env, observation);
        AddSensorNoise(env, observation);
    }

    private void StepChunk(int chunk)
    {
        int begin = (int)((long)NumEnvs * chunk / _chunks);
        int end = (int)((long)NumEnvs * (chunk + 1) / _chunks);
        for (int env = begin; env < end; env++)
        {
            _actuators.Apply(env, _actions.AsSpan(env * NumActuators, NumActuators),
                             _applied.AsSpan(env * NumActuators, NumActuators), Parameters.LatencySteps[env]);
        }
        StepRange(begin, end, _applied, _observations, _rewards, _terminated, _success);
        for (int env = begin; env < end; env++)
        {
            int steps = ++EpisodeStep[env];
            bool terminated = _terminated[env];
            bool truncated = !terminated && steps >= _maxEpisodeSteps;
            _truncated[env] = truncated;
            if (!terminated)
            {
                _success[env] = false;
            }
            Span<float> observation = _observations.AsSpan(env * NumObservations, NumObservations);
            AddSensorNoise(env, observation);
            if ((terminated || truncated) && AutoReset)
            {
                observation.CopyTo(_finalObservations.AsSpan(env * NumObservations, NumObservations));
                ResetOne(env);
            }
        }
    }

    private void AddSensorNoise(int env, Span<float> observation)
    {
        float sigma = Parameters.SensorNoise[env];
        if (sigma <= 0)
        {
            return;
        }
        for (int i = 0; i < observation.Length; i++)
        {
            if (_noisy[i])
            {
                observation[i] += sigma * Rng[env].NextGaussian();
            }
        }
    }

    private void SanitizeActions(ReadOnlySpan<float> actions)
    {
        for (int env = 0; env < NumEnvs; env++)
        {
            ReadOnlySpan<float> row = actions.Slice(env * NumActuators, NumActuators);
            Span<float> target = _actions.AsSpan(env * NumActuators, NumActuators);
            bool finite = true;
            foreach (float value in row)
            {
                finite &= float.IsFinite(value);
            }
            if (finite)
            {
                row.CopyTo(target);
            }
            else
            {
                // A NaN must never reach the state: the whole vector is suspect, so the robot gets its safe command.
                _neutral.CopyTo(target);
                Interlocked.Increment(ref _nonFiniteActions);
            }
        }
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} elements, expected {expected}", name);
        }
    }
}
