// The control loop: the one place that owns the tick. Each tick senses, runs the policy, lets the safety supervisor
// rewrite the action, commands the plant and queues telemetry, in that order, with no allocation. Pacing, overruns and
// timing statistics are described in TickPacer; a latched safety stop commands neutral and ends the run.
using DrlRobot.Sim.Metrics;
using System.Diagnostics;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Telemetry;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Control;

/// <summary>Runs a policy against a plant under a supervisor. Disposing leaves every output neutral.</summary>
public sealed class ControlLoop : IDisposable
{
    private readonly IPlant _plant;
    private readonly IPolicy _policy;
    private readonly SafetySupervisor _supervisor;
    private readonly TelemetryRecorder? _telemetry;
    private readonly ControlLoopConfig _config;
    private readonly float[] _observation, _action, _command;
    private readonly LatencyHistogram _deadlineError = new(), _tickTime = new();
    private readonly CommandSmoothness _smoothness;
    private readonly double _nsPerTimestamp = 1e9 / Stopwatch.Frequency;
    private bool _disposed;

    /// <param name="plant">What is driven (simulator or hardware); not owned.</param>
    /// <param name="policy">The policy; not owned.</param>
    /// <param name="supervisor">The supervisor for the policy's contract.</param>
    /// <param name="config">Rate, pacing, limits, OS settings.</param>
    /// <param name="telemetry">Optional per-tick recorder; not owned.</param>
    /// <exception cref="ArgumentException">The policy's contract and the plant's differ (the message names the first field), or the config is invalid.</exception>
    public ControlLoop(IPlant plant, IPolicy policy, SafetySupervisor supervisor, ControlLoopConfig? config = null,
                       TelemetryRecorder? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(supervisor);
        _config = config ?? new ControlLoopConfig();
        _config.Validate();
        CheckContract(policy.Contract, plant.Contract, plant.Label);
        if (!ReferenceEquals(supervisor.Contract, policy.Contract) && RobotContract.FirstMismatch(policy.Contract, supervisor.Contract) is { } diff)
        {
            throw new ArgumentException($"the supervisor was built for another contract: {diff}", nameof(supervisor));
        }
        (_plant, _policy, _supervisor, _telemetry) = (plant, policy, supervisor, telemetry);
        RateHz = _config.RateHz ?? policy.Contract.ControlHz;
        _observation = new float[policy.Contract.Observations.Count];
        _action = new float[policy.Contract.Actuators.Count];
        _command = new float[_action.Length];
        _smoothness = new CommandSmoothness(policy.Contract);
    }

    /// <summary>The tick rate in hertz.</summary>
    public double RateHz { get; }

    /// <summary>Throws a one-line <see cref="ArgumentException"/> when a model's contract cannot drive a plant's.</summary>
    public static void CheckContract(RobotContract model, RobotContract plant, string plantLabel)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(plant);
        if (!string.Equals(model.EnvId, plant.EnvId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"contract mismatch: env_id: model has '{model.EnvId}', {plantLabel} has '{plant.EnvId}'");
        }
        if (RobotContract.FirstMismatch(model, plant, "model", plantLabel) is { } mismatch)
        {
            throw new ArgumentException($"contract mismatch: {mismatch}");
        }
    }

    /// <summary>Runs until the plant finishes, a limit is reached or the supervisor latches; outputs are neutral on return.</summary>
    public LoopResult Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _deadlineError.Clear();
        _tickTime.Clear();
        _smoothness.Clear();
        _supervisor.BeginRun();
        using var scope = new LowLatencyScope(_config);
        var pacer = new TickPacer(RateHz, _config.SpinMicroseconds);
        double period = 1.0 / RateHz;
        long tickLimit = Math.Min(_config.MaxTicks ?? long.MaxValue,
                                  _config.DurationSeconds is { } duration ? Math.Max(1, (long)Math.Round(duration * RateHz)) : long.MaxValue);
        long start = Stopwatch.GetTimestamp();
        pacer.Start(start);
        StopReason reason = StopReason.None;
        long ticks = 0, lastWake = 0;
        bool skippedBefore = false;
        try
        {
            while (true)
            {
                double time = pacer.Tick * period;
                if (_plant.Finished || pacer.Tick >= tickLimit)
                {
                    reason = StopReason.Completed;
                    break;
                }
                long wake = _config.Realtime ? pacer.WaitForDeadline() : Stopwatch.GetTimestamp();
                long lateness = _config.Realtime ? wake - pacer.Deadline : 0;
                lastWake = wake;
                SafetyFlags flags = Tick(time, wake);
                long end = Stopwatch.GetTimestamp();
                ticks++;
                _deadlineError.Record((long)(lateness * _nsPerTimestamp));
                _tickTime.Record((long)((end - wake) * _nsPerTimestamp));
                if (skippedBefore)
                {
                    flags |= SafetyFlags.Overrun;
                }
                _telemetry?.TryRecord(new TelemetryTick(pacer.Tick, time, (wake - start) / (double)Stopwatch.Frequency,
                                                        (float)(lateness * _nsPerTimestamp / 1000), (float)((end - wake) * _nsPerTimestamp / 1000),
                                                        (uint)flags, (uint)_plant.Episode),
                                      _observation, _action, _command);
                if (_supervisor.State == SupervisorState.Latched)
                {
                    reason = _supervisor.LatchedReason;
                    break;
                }
                skippedBefore = (_config.Realtime ? pacer.Advance(Stopwatch.GetTimestamp(), tickLimit) : AdvanceFree(pacer)) > 0;
            }
        }
        finally
        {
            _plant.CommandNeutral();
        }
        return new LoopResult
        {
            StopReason = reason,
            StopDetail = Detail(reason, _supervisor.LatchedIndex),
            RateHz = RateHz,
            LastTickTimestamp = lastWake,
            Realtime = _config.Realtime,
            Ticks = ticks,
            SkippedTicks = pacer.Skipped,
            Overruns = pacer.Overruns,
            ClampedTicks = _supervisor.ClampedTicks,
            SlewLimitedTicks = _supervisor.SlewLimitedTicks,
            DeadlineErrorP50Us = _deadlineError.PercentileMicroseconds(0.5),
            DeadlineErrorP99Us = _deadlineError.PercentileMicroseconds(0.99),
            DeadlineErrorMaxUs = _deadlineError.MaxNanoseconds / 1000.0,
            TickP50Us = _tickTime.PercentileMicroseconds(0.5),
            TickP99Us = _tickTime.PercentileMicroseconds(0.99),
            TickMaxUs = _tickTime.MaxNanoseconds / 1000.0,
            WallSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds,
            TelemetryDropped = _telemetry?.Dropped ?? 0,
            Smoothness = _smoothness.Result(),
            Notes = [.. scope.Notes],
        };
    }

    /// <summary>Commands neutral. Owners dispose the plant, the policy and the recorder themselves.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _plant.CommandNeutral();
    }

    /// <summary>One tick: sense → policy → supervise → act. Allocates nothing and throws nothing the plant does not.</summary>
    private SafetyFlags Tick(double time, long now)
    {
        bool valid = _plant.Sense(_observation, out long stamp);
        double age = (now - stamp) / (double)Stopwatch.Frequency;
        _policy.Act(_observation, _action);
        _action.CopyTo(_command, 0);
        if (!_plant.Healthy)
        {
            _supervisor.Latch(StopReason.DeviceFailure);
        }
        SafetyFlags flags = _supervisor.Supervise(time, _observation, valid, age, _command);
        if (_supervisor.State == SupervisorState.Latched)
        {
            _plant.CommandNeutral();
        }
        else
        {
            _plant.Command(_command);
            _smoothness.Record(_plant.Episode, _command);
        }
        return flags;
    }

    private static long AdvanceFree(TickPacer pacer) => pacer.Advance(long.MinValue);

    private string? Detail(StopReason reason, int index) => reason switch
    {
        StopReason.NonFiniteObservation or StopReason.ObservationOutOfRange when index >= 0 => _policy.Contract.Observations[index].Name,
        StopReason.NonFiniteAction when index >= 0 => _policy.Contract.Actuators[index].Name,
        _ => null,
    };
}
