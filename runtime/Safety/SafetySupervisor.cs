// The safety supervisor: the last word between the policy and the outputs. Every tick it checks the kill switches,
// the input's age and values, and the policy's action; it holds outputs neutral while arming, clamps and slew-limits
// the action when armed, and latches a stop (outputs neutral) that only an explicit ReArm clears. It never throws and
// never allocates per tick.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Safety;

/// <summary>The supervisor's state.</summary>
public enum SupervisorState
{
    /// <summary>Outputs neutral until the arming time has passed (and at least one tick).</summary>
    Arming,

    /// <summary>The policy drives the outputs, within limits.</summary>
    Armed,

    /// <summary>Stopped: outputs neutral until <see cref="SafetySupervisor.ReArm"/>.</summary>
    Latched,
}

/// <summary>Checks one tick's input and action and rewrites the action into what is safe to command.</summary>
public sealed class SafetySupervisor
{
    private readonly float[] _low, _high, _neutral, _slewRate, _previous;
    private readonly float[] _observationLow, _observationHigh;
    private readonly IKillSwitch[] _killSwitches;
    private readonly double _armingSeconds, _maxInputAgeSeconds;
    private double _armingStart = double.NaN, _lastTime = double.NaN;
    private long _armingTicks;

    /// <param name="contract">The robot contract: actuator ranges and neutrals, observation ranges.</param>
    /// <param name="config">The limits; validated here.</param>
    /// <param name="killSwitches">Switches polled every tick; not owned.</param>
    public SafetySupervisor(RobotContract contract, SafetyConfig? config = null, IReadOnlyList<IKillSwitch>? killSwitches = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Config = config ?? new SafetyConfig();
        Config.Validate();
        Contract = contract;
        int nAct = contract.Actuators.Count, nObs = contract.Observations.Count;
        _low = new float[nAct];
        _high = new float[nAct];
        _neutral = new float[nAct];
        _slewRate = new float[nAct];
        _previous = new float[nAct];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < nAct; i++)
        {
            ActuatorSpec a = contract.Actuators[i];
            names.Add(a.Name);
            (_low[i], _high[i], _neutral[i]) = (a.Low, a.High, a.Neutral);
            _slewRate[i] = Config.SlewRates.TryGetValue(a.Name, out float rate) ? rate : Config.DefaultSlewRate;
        }
        foreach (string name in Config.SlewRates.Keys)
        {
            if (!names.Contains(name))
            {
                throw new ArgumentException($"slew_rates: '{name}' is not an actuator of {contract.EnvId} ({string.Join(", ", names)})", nameof(config));
            }
        }
        _observationLow = new float[nObs];
        _observationHigh = new float[nObs];
        for (int i = 0; i < nObs; i++)
        {
            ObservationSpec o = contract.Observations[i];
            float margin = Config.ObservationMargin * (o.High - o.Low);
            _observationLow[i] = o.Low - margin;
            _observationHigh[i] = o.High + margin;
        }
        _neutral.CopyTo(_previous, 0);
        _killSwitches = [.. killSwitches ?? []];
        _armingSeconds = Config.ArmingSeconds;
        _maxInputAgeSeconds = Config.MaxInputAgeSeconds;
    }

    /// <summary>The limits in force.</summary>
    public SafetyConfig Config { get; }

    /// <summary>The contract supervised.</summary>
    public RobotContract Contract { get; }

    /// <summary>Arming, armed or latched.</summary>
    public SupervisorState State { get; private set; }

    /// <summary>Why the supervisor latched, or <see cref="StopReason.None"/>.</summary>
    public StopReason LatchedReason { get; private set; }

    /// <summary>Index of the observation or actuator that caused the latch, or -1 (kill switch, signal, manual stop).</summary>
    public int LatchedIndex { get; private set; } = -1;

    /// <summary>Ticks on which at least one command was clamped.</summary>
    public long ClampedTicks { get; private set; }

    /// <summary>Ticks on which at least one command was slew-limited.</summary>
    public long SlewLimitedTicks { get; private set; }

    /// <summary>
    /// Supervises one tick: checks the input and <paramref name="action"/> and rewrites <paramref name="action"/>
    /// into the command to send (neutral unless armed and healthy).
    /// </summary>
    /// <param name="timeSeconds">Control time: seconds since the run started, on the tick grid (drives arming and slew).</param>
    /// <param name="observation">The observation the policy acted on.</param>
    /// <param name="observationValid">False when the plant had no valid input this tick.</param>
    /// <param name="inputAgeSeconds">Age of the newest input (wall clock).</param>
    /// <param name="action">In: the policy's action. Out: the command.</param>
    public SafetyFlags Supervise(double timeSeconds, ReadOnlySpan<float> observation, bool observationValid, double inputAgeSeconds,
                                 Span<float> action)
    {
        SafetyFlags flags = CheckKillSwitches() | CheckInput(observation, observationValid, inputAgeSeconds) | CheckAction(action);
        double dt = double.IsNaN(_lastTime) ? 0 : timeSeconds - _lastTime;
        _lastTime = timeSeconds;

        if (State == SupervisorState.Arming && !double.IsNaN(_armingStart))
        {
            _armingTicks++;
            // A nanosecond of tolerance: times are on the tick grid, and 0.24 - 0.2 must count as 40 ms.
            if (_armingTicks >= 1 && timeSeconds - _armingStart >= _armingSeconds - 1e-9)
            {
                State = SupervisorState.Armed;
            }
        }
        else if (State == SupervisorState.Arming)
        {
            _armingStart = timeSeconds;
        }

        if (State != SupervisorState.Armed)
        {
            WriteNeutral(action);
            _neutral.CopyTo(_previous, 0);
            return flags | (State == SupervisorState.Latched ? SafetyFlags.Latched : SafetyFlags.Arming);
        }
        return flags | SafetyFlags.Armed | Limit(action, dt);
    }

    /// <summary>Latches a stop for <paramref name="reason"/>: outputs neutral from the next command until <see cref="ReArm"/>.</summary>
    /// <remarks>The first reason wins; later ones do not overwrite it.</remarks>
    public void Latch(StopReason reason, int index = -1)
    {
        if (State == SupervisorState.Latched)
        {
            return;
        }
        State = SupervisorState.Latched;
        LatchedReason = reason;
        LatchedIndex = index;
    }

    /// <summary>Latches <see cref="StopReason.EmergencyStop"/>.</summary>
    public void EmergencyStop() => Latch(StopReason.EmergencyStop);

    /// <summary>Clears a latched stop and starts the arming sequence again (neutral for the arming time).</summary>
    /// <exception cref="InvalidOperationException">The supervisor is not latched.</exception>
    public void ReArm()
    {
        if (State != SupervisorState.Latched)
        {
            throw new InvalidOperationException($"re-arm needs a latched stop; the supervisor is {State}");
        }
        State = SupervisorState.Arming;
        LatchedReason = StopReason.None;
        LatchedIndex = -1;
        _armingStart = double.NaN;
        _armingTicks = 0;
        _neutral.CopyTo(_previous, 0);
    }

    /// <summary>
    /// Prepares for a new run whose control time starts again at zero: an armed supervisor goes back to arming (the
    /// new run is never armed on its first tick either); a latched one stays latched, since only <see cref="ReArm"/>
    /// clears a stop.
    /// </summary>
    public void BeginRun()
    {
        _lastTime = double.NaN;
        _neutral.CopyTo(_previous, 0);
        if (State != SupervisorState.Latched)
        {
            State = SupervisorState.Arming;
            _armingStart = double.NaN;
            _armingTicks = 0;
        }
    }

    /// <summary>Writes every actuator's neutral command into <paramref name="action"/>.</summary>
    public void WriteNeutral(Span<float> action) => _neutral.CopyTo(action);

    private SafetyFlags CheckKillSwitches()
    {
        foreach (IKillSwitch killSwitch in _killSwitches)
        {
            if (killSwitch.IsTripped)
            {
                Latch(killSwitch.Reason);
                return SafetyFlags.KillSwitch;
            }
        }
        return SafetyFlags.None;
    }

    private SafetyFlags CheckInput(ReadOnlySpan<float> observation, bool valid, double ageSeconds)
    {
        if (!valid || !(ageSeconds <= _maxInputAgeSeconds))
        {
            Latch(StopReason.StaleInput);
            return SafetyFlags.StaleInput;
        }
        for (int i = 0; i < observation.Length; i++)
        {
            float value = observation[i];
            if (!float.IsFinite(value))
            {
                Latch(StopReason.NonFiniteObservation, i);
                return SafetyFlags.NonFiniteObservation;
            }
            if (value < _observationLow[i] || value > _observationHigh[i])
            {
                Latch(StopReason.ObservationOutOfRange, i);
                return SafetyFlags.ObservationOutOfRange;
            }
        }
        return SafetyFlags.None;
    }

    private SafetyFlags CheckAction(ReadOnlySpan<float> action)
    {
        for (int i = 0; i < action.Length; i++)
        {
            if (!float.IsFinite(action[i]))
            {
                Latch(StopReason.NonFiniteAction, i);
                return SafetyFlags.NonFiniteAction;
            }
        }
        return SafetyFlags.None;
    }

    private SafetyFlags Limit(Span<float> action, double dtSeconds)
    {
        SafetyFlags flags = SafetyFlags.None;
        for (int i = 0; i < action.Length; i++)
        {
            float value = action[i];
            if (value < _low[i] || value > _high[i])
            {
                value = Math.Clamp(value, _low[i], _high[i]);
                flags |= SafetyFlags.Clamped;
            }
            float previous = _previous[i];
            float step = float.IsFinite(_slewRate[i]) ? (float)(_slewRate[i] * Math.Max(dtSeconds, 0)) : float.PositiveInfinity;
            if (value > previous + step || value < previous - step)
            {
                value = Math.Clamp(value, previous - step, previous + step);
                flags |= SafetyFlags.SlewLimited;
            }
            action[i] = value;
            _previous[i] = value;
        }
        if ((flags & SafetyFlags.Clamped) != 0)
        {
            ClampedTicks++;
        }
        if ((flags & SafetyFlags.SlewLimited) != 0)
        {
            SlewLimitedTicks++;
        }
        return flags;
    }
}
