// The single-robot view: one env of a vectorized environment, stepped without automatic reset, for dry runs and the
// hardware-in-the-loop plant emulator. Same code path as training, so the physics cannot drift apart.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim.Vec;

/// <summary>An <see cref="IRobotSim"/> over a one-env <see cref="VecEnvBase"/>.</summary>
internal sealed class SingleRobotSim : IRobotSim, INonFiniteActionCounter
{
    private readonly VecEnvBase _env;
    private readonly int _stream;
    private readonly float[] _reward = new float[1];
    private readonly bool[] _terminated = new bool[1], _truncated = new bool[1];
    private bool _running;

    /// <param name="env">A one-env batch; this view owns it.</param>
    /// <param name="stream">Which env of a batch reset with the same seed this robot replays (0 for the first).</param>
    public SingleRobotSim(VecEnvBase env, int stream = 0)
    {
        if (env.NumEnvs != 1)
        {
            throw new ArgumentException($"a single-robot view needs a batch of one env, not {env.NumEnvs}", nameof(env));
        }
        _env = env;
        _env.AutoReset = false;
        _stream = stream;
    }

    public RobotContract Contract => _env.Contract;

    public long NonFiniteActionCount => _env.NonFiniteActionCount;

    public void Reset(ulong seed, Span<float> observation)
    {
        _env.Reset(seed, observation, _stream);
        _running = true;
    }

    public StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!_running)
        {
            throw new InvalidOperationException("the episode is over or has not started: call Reset first");
        }
        _env.Step(action, observation, _reward, _terminated, _truncated);
        bool success = _terminated[0] && _env.Success[0];
        if (_terminated[0] || _truncated[0])
        {
            _running = false;
        }
        return new StepResult(_reward[0], _terminated[0], _truncated[0], success);
    }

    public void Dispose() => _env.Dispose();
}
