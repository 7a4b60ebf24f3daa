// How smoothly the commands moved: per actuator, the mean |Δu| from one tick to the next (within an episode) and the
// share of the command's energy above a quarter of the control rate — the chatter that heats ESCs and wears motors
// without moving the robot. The spectrum is Welch's: windows of 64 ticks, mean removed, Hann-weighted, energies
// summed over windows; an episode's last partial window counts towards |Δu| only. Fed by the runtime's control loop
// every tick (and by the trainer's evaluation, one accumulator per env) with preallocated buffers: nothing is
// allocated, and the window's DFT is built up a sample at a time (32 bins per actuator per tick), so that no tick
// pays for a whole transform. Removing the window's mean afterwards is exact: DFT((x − m)·w) = DFT(x·w) − m·DFT(w).
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim.Metrics;

/// <summary>One actuator's smoothness over a run.</summary>
/// <param name="Actuator">Its contract name.</param>
/// <param name="MeanAbsDelta">Mean |u(k) − u(k−1)| per tick, in its units.</param>
/// <param name="HighFrequencyShare">Share of the command energy above a quarter of the control rate (0–1; 0 for a command that never moved); null before a first full window.</param>
public sealed record ActuatorSmoothness(string Actuator, double MeanAbsDelta, double? HighFrequencyShare);

/// <summary>Accumulates <see cref="ActuatorSmoothness"/> from the commands sent, tick by tick.</summary>
public sealed class CommandSmoothness
{
    /// <summary>Ticks per spectral window.</summary>
    public const int Window = 64;

    private const int Bins = Window / 2 + 1;
    // Hann-weighted DFT basis, row k for bin k, and each row's sum (the DFT of the window itself).
    private static readonly double[] HannCos = new double[Bins * Window], HannSin = new double[Bins * Window];
    private static readonly double[] HannCosSum = new double[Bins], HannSinSum = new double[Bins];

    private readonly RobotContract _contract;
    private readonly int _n;
    private readonly double[] _sumAbsDelta, _high, _total;
    private readonly float[] _previous;
    // The current window's running DFT of x·w per actuator and bin, and its sum of x (for the mean).
    private readonly double[] _re, _im, _windowSum;
    private long _pairs;
    private int _filled, _episode = -1, _windows;
    private bool _hasPrevious;

    static CommandSmoothness()
    {
        for (int k = 0; k < Bins; k++)
        {
            for (int i = 0; i < Window; i++)
            {
                double hann = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / Window);
                HannCos[k * Window + i] = hann * Math.Cos(2 * Math.PI * k * i / Window);
                HannSin[k * Window + i] = hann * Math.Sin(2 * Math.PI * k * i / Window);
                HannCosSum[k] += HannCos[k * Window + i];
                HannSinSum[k] += HannSin[k * Window + i];
            }
        }
    }

    /// <summary>Accumulates for the actuators of <paramref name="contract"/>.</summary>
    public CommandSmoothness(RobotContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        _contract = contract;
        _n = contract.Actuators.Count;
        _sumAbsDelta = new double[_n];
        _high = new double[_n];
        _total = new double[_n];
        _previous = new float[_n];
        _re = new double[_n * Bins];
        _im = new double[_n * Bins];
        _windowSum = new double[_n];
    }

    /// <summary>Starts again from nothing.</summary>
    public void Clear()
    {
        Array.Clear(_sumAbsDelta);
        Array.Clear(_high);
        Array.Clear(_total);
        (_pairs, _episode, _windows, _hasPrevious) = (0, -1, 0, false);
        StartWindow();
    }

    private void StartWindow()
    {
        Array.Clear(_re);
        Array.Clear(_im);
        Array.Clear(_windowSum);
        _filled = 0;
    }

    /// <summary>Records the command sent at one tick of <paramref name="episode"/>; a new episode starts new differences and windows.</summary>
    public void Record(int episode, ReadOnlySpan<float> command)
    {
        if (episode != _episode)
        {
            (_episode, _hasPrevious) = (episode, false);
            StartWindow();
        }
        for (int a = 0; a < _n; a++)
        {
            if (_hasPrevious)
            {
                _sumAbsDelta[a] += Math.Abs(command[a] - _previous[a]);
            }
            _previous[a] = command[a];
            double x = command[a];
            _windowSum[a] += x;
            for (int k = 1; k < Bins; k++)
            {
                _re[a * Bins + k] += x * HannCos[k * Window + _filled];
                _im[a * Bins + k] -= x * HannSin[k * Window + _filled];
            }
        }
        if (_hasPrevious)
        {
            _pairs++;
        }
        _hasPrevious = true;
        if (++_filled == Window)
        {
            for (int a = 0; a < _n; a++)
            {
                AddSpectrum(a);
            }
            _windows++;
            StartWindow();
        }
    }

    /// <summary>Adds what <paramref name="other"/> (for the same actuators) has accumulated, as if one had seen both.</summary>
    public void Add(CommandSmoothness other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._n != _n)
        {
            throw new ArgumentException($"{other._n} actuators, not {_n}", nameof(other));
        }
        for (int a = 0; a < _n; a++)
        {
            _sumAbsDelta[a] += other._sumAbsDelta[a];
            _high[a] += other._high[a];
            _total[a] += other._total[a];
        }
        _pairs += other._pairs;
        _windows += other._windows;
    }

    /// <summary>Each actuator's figures so far.</summary>
    public IReadOnlyList<ActuatorSmoothness> Result() =>
        [.. Enumerable.Range(0, _n).Select(a => new ActuatorSmoothness(_contract.Actuators[a].Name,
            _pairs == 0 ? 0 : _sumAbsDelta[a] / _pairs, _windows == 0 ? null : _total[a] > 0 ? _high[a] / _total[a] : 0))];

    private void AddSpectrum(int a)
    {
        double mean = _windowSum[a] / Window;
        // One-sided energies; the mean (bin 0) is not a movement. "Above a quarter of the rate": bins k > Window/4.
        for (int k = 1; k < Bins; k++)
        {
            double re = _re[a * Bins + k] - mean * HannCosSum[k];
            double im = _im[a * Bins + k] + mean * HannSinSum[k];
            double energy = (re * re + im * im) * (k == Window / 2 ? 1 : 2);
            _total[a] += energy;
            if (k > Window / 4)
            {
                _high[a] += energy;
            }
        }
    }
}
