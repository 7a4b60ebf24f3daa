// The actuator state of a batch of envs (latency queues and lag states, structure of arrays) and the per-step
// kernel that turns each env's commands into what its actuators do.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim.Actuators;

/// <summary>Applies one <see cref="ActuatorModel"/> per actuator to every env of a batch.</summary>
internal sealed class ActuatorBank
{
    private readonly ActuatorSpec[] _specs;
    private readonly ActuatorModel[] _models;
    private readonly float[] _lagAlpha;
    private readonly float[] _lagged;     // [env * nAct + a]
    private readonly float[] _queue;      // [(env * capacity + slot) * nAct + a]
    private readonly int[] _head;         // [env]
    private readonly int _numActuators;
    private readonly int _capacity;

    public ActuatorBank(IReadOnlyList<ActuatorSpec> specs, IReadOnlyList<ActuatorModel> models, int numEnvs,
                        double dtSeconds, int maxExtraLatency)
    {
        if (specs.Count != models.Count)
        {
            throw new ArgumentException($"{models.Count} actuator models for {specs.Count} actuators");
        }
        _specs = [.. specs];
        _models = [.. models];
        _numActuators = specs.Count;
        _lagAlpha = new float[_numActuators];
        int maxLatency = 0;
        for (int a = 0; a < _numActuators; a++)
        {
            _models[a].Validate();
            _lagAlpha[a] = _models[a].LagSeconds > 0 ? (float)(1 - Math.Exp(-dtSeconds / _models[a].LagSeconds)) : 1f;
            maxLatency = Math.Max(maxLatency, _models[a].LatencySteps);
        }
        _capacity = maxLatency + maxExtraLatency + 1;
        _lagged = new float[numEnvs * _numActuators];
        _queue = new float[numEnvs * _capacity * _numActuators];
        _head = new int[numEnvs];
    }

    /// <summary>Neutral commands in flight and actuators at rest: the state at the start of an episode.</summary>
    public void Reset(int env)
    {
        for (int a = 0; a < _numActuators; a++)
        {
            _lagged[(env * _numActuators) + a] = _specs[a].Neutral;
            for (int slot = 0; slot < _capacity; slot++)
            {
                _queue[(((env * _capacity) + slot) * _numActuators) + a] = _specs[a].Neutral;
            }
        }
        _head[env] = 0;
    }

    /// <summary>Queues <paramref name="command"/> and writes what each actuator of <paramref name="env"/> does now.</summary>
    public void Apply(int env, ReadOnlySpan<float> command, Span<float> applied, int extraLatency)
    {
        int head = _head[env];
        int baseIndex = env * _capacity;
        command.CopyTo(_queue.AsSpan((baseIndex + head) * _numActuators, _numActuators));
        for (int a = 0; a < _numActuators; a++)
        {
            int latency = _models[a].LatencySteps + extraLatency;
            int slot = head - latency;
            if (slot < 0)
            {
                slot += _capacity;
            }
            float delayed = _queue[((baseIndex + slot) * _numActuators) + a];
            applied[a] = _models[a].Shape(delayed, _specs[a], _lagAlpha[a], ref _lagged[(env * _numActuators) + a]);
        }
        _head[env] = head + 1 == _capacity ? 0 : head + 1;
    }
}
