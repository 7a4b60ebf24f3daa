// Maps named input values onto the model's observation vector, in its order and units, and reports how old the data is.
namespace DrlRobot.Hardware.Inputs;

/// <summary>Where one observation comes from: an input, one of its values, and the unit conversion obs = raw × scale + offset.</summary>
/// <param name="Name">The observation's name in the model's contract.</param>
/// <param name="Input">The input that provides it.</param>
/// <param name="ValueName">Which of the input's <see cref="IInputChannel.ValueNames"/> it is.</param>
/// <param name="Scale">Multiplier to the contract's unit.</param>
/// <param name="Offset">Added after scaling.</param>
public sealed record ObservationBinding(string Name, IInputChannel Input, string ValueName, float Scale = 1f, float Offset = 0f);

/// <summary>
/// Builds the observation vector each tick. Each input is read once per build, into buffers allocated up front, so
/// a build allocates nothing. The result says whether every input delivered and how old the oldest reading used is;
/// the safety supervisor decides what is too old.
/// </summary>
public sealed class ObservationBuilder
{
    private readonly IInputChannel[] _inputs;
    private readonly float[][] _buffers;
    private readonly long[] _timestamps;
    private readonly bool[] _valid;
    private readonly int[] _inputOf;
    private readonly int[] _valueOf;
    private readonly float[] _scale;
    private readonly float[] _offset;
    private readonly TimeProvider _time;

    /// <summary>Resolves every binding's value name now, so a typo fails at start-up with the name in the message.</summary>
    public ObservationBuilder(IReadOnlyList<ObservationBinding> bindings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        if (bindings.Count == 0)
        {
            throw new ArgumentException("an observation needs at least one value", nameof(bindings));
        }
        _time = time ?? TimeProvider.System;
        var inputs = new List<IInputChannel>();
        Names = [.. bindings.Select(b => b.Name)];
        _inputOf = new int[bindings.Count];
        _valueOf = new int[bindings.Count];
        _scale = new float[bindings.Count];
        _offset = new float[bindings.Count];
        for (int i = 0; i < bindings.Count; i++)
        {
            ObservationBinding b = bindings[i];
            int input = inputs.IndexOf(b.Input);
            if (input < 0)
            {
                input = inputs.Count;
                inputs.Add(b.Input);
            }
            int value = -1;
            for (int v = 0; v < b.Input.ValueNames.Count; v++)
            {
                if (b.Input.ValueNames[v] == b.ValueName)
                {
                    value = v;
                    break;
                }
            }
            if (value < 0)
            {
                throw new ArgumentException(
                    $"observation '{b.Name}': its input has no value '{b.ValueName}' (it has {string.Join(", ", b.Input.ValueNames)})",
                    nameof(bindings));
            }
            (_inputOf[i], _valueOf[i], _scale[i], _offset[i]) = (input, value, b.Scale, b.Offset);
        }
        _inputs = [.. inputs];
        _buffers = [.. _inputs.Select(input => new float[input.ValueNames.Count])];
        _timestamps = new long[_inputs.Length];
        _valid = new bool[_inputs.Length];
    }

    /// <summary>The observation names, in vector order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The distinct inputs the observation reads.</summary>
    public IReadOnlyList<IInputChannel> Inputs => _inputs;

    /// <summary>
    /// Reads every input and fills <paramref name="observation"/>. Returns false when an input had nothing valid;
    /// then its observations are NaN and <paramref name="failedInput"/> is the first such input's index in
    /// <see cref="Inputs"/> (−1 otherwise). <paramref name="oldestAgeSeconds"/> is the age of the oldest reading used.
    /// </summary>
    public bool TryBuild(Span<float> observation, out double oldestAgeSeconds, out int failedInput)
    {
        if (observation.Length != _inputOf.Length)
        {
            throw new ArgumentException($"observation has {observation.Length} slots, the builder fills {_inputOf.Length}", nameof(observation));
        }
        long now = _time.GetTimestamp();
        long oldest = now;
        failedInput = -1;
        for (int i = 0; i < _inputs.Length; i++)
        {
            _valid[i] = _inputs[i].TryRead(_buffers[i], out _timestamps[i]);
            if (_valid[i])
            {
                oldest = Math.Min(oldest, _timestamps[i]);
            }
            else if (failedInput < 0)
            {
                failedInput = i;
            }
        }
        for (int i = 0; i < observation.Length; i++)
        {
            int input = _inputOf[i];
            observation[i] = _valid[input] ? (_buffers[input][_valueOf[i]] * _scale[i]) + _offset[i] : float.NaN;
        }
        oldestAgeSeconds = failedInput >= 0 ? double.PositiveInfinity : (now - oldest) / (double)_time.TimestampFrequency;
        return failedInput < 0;
    }
}
