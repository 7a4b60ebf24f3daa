// Experience replay for the off-policy algorithms: preallocated circular arrays of transitions, uniform sampling.
using DrlRobot.Trainer.Common;

namespace DrlRobot.Trainer.Buffers;

/// <summary>
/// Holds the newest <see cref="Capacity"/> transitions (obs, action, reward, next obs, terminal). The next
/// observation of a finished episode is its final observation, not the first of the next one; only a real
/// termination is terminal, a time limit is not (the value bootstraps through it).
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _obs, _nextObs, _actions, _rewards, _terminal;

    /// <summary>Preallocates room for <paramref name="capacity"/> transitions.</summary>
    public ReplayBuffer(int capacity, int observationSize, int actionSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        _obs = new float[(long)capacity * observationSize];
        _nextObs = new float[(long)capacity * observationSize];
        _actions = new float[(long)capacity * actionSize];
        _rewards = new float[capacity];
        _terminal = new float[capacity];
    }

    /// <summary>Most transitions held.</summary>
    public int Capacity { get; }

    /// <summary>Floats per observation.</summary>
    public int ObservationSize { get; }

    /// <summary>Floats per action.</summary>
    public int ActionSize { get; }

    /// <summary>Transitions held now.</summary>
    public int Count { get; private set; }

    /// <summary>Where the next transition goes.</summary>
    public int Position { get; private set; }

    /// <summary>
    /// Adds one vectorized step: <paramref name="obs"/> and <paramref name="actions"/> before it, the rewards, the
    /// observations after it (already reset for finished envs) and the finished envs' final observations.
    /// </summary>
    public void AddStep(ReadOnlySpan<float> obs, ReadOnlySpan<float> actions, ReadOnlySpan<float> rewards,
                        ReadOnlySpan<float> nextObs, ReadOnlySpan<bool> terminated, ReadOnlySpan<bool> truncated,
                        ReadOnlySpan<float> finalObs)
    {
        int envs = rewards.Length, o = ObservationSize, a = ActionSize;
        for (int e = 0; e < envs; e++)
        {
            int i = Position;
            bool ended = terminated[e] || truncated[e];
            obs.Slice(e * o, o).CopyTo(_obs.AsSpan(i * o, o));
            (ended ? finalObs : nextObs).Slice(e * o, o).CopyTo(_nextObs.AsSpan(i * o, o));
            actions.Slice(e * a, a).CopyTo(_actions.AsSpan(i * a, a));
            _rewards[i] = rewards[e];
            _terminal[i] = terminated[e] ? 1f : 0f;
            Position = (Position + 1) % Capacity;
            Count = Math.Min(Count + 1, Capacity);
        }
    }

    /// <summary>Copies <paramref name="batch"/> uniformly drawn transitions into the given arrays.</summary>
    public void Sample(Rng rng, int batch, float[] obs, float[] actions, float[] rewards, float[] nextObs, float[] terminal)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (Count == 0)
        {
            throw new InvalidOperationException("the replay buffer is empty");
        }
        int o = ObservationSize, a = ActionSize;
        for (int b = 0; b < batch; b++)
        {
            int i = rng.NextInt(Count);
            _obs.AsSpan(i * o, o).CopyTo(obs.AsSpan(b * o, o));
            _nextObs.AsSpan(i * o, o).CopyTo(nextObs.AsSpan(b * o, o));
            _actions.AsSpan(i * a, a).CopyTo(actions.AsSpan(b * a, a));
            rewards[b] = _rewards[i];
            terminal[b] = _terminal[i];
        }
    }

    /// <summary>Writes the held transitions and the position for a checkpoint.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Capacity);
        writer.Write(Count);
        writer.Write(Position);
        int o = ObservationSize, a = ActionSize;
        WriteFloats(writer, _obs.AsSpan(0, Count * o));
        WriteFloats(writer, _nextObs.AsSpan(0, Count * o));
        WriteFloats(writer, _actions.AsSpan(0, Count * a));
        WriteFloats(writer, _rewards.AsSpan(0, Count));
        WriteFloats(writer, _terminal.AsSpan(0, Count));
    }

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadInt32() != Capacity)
        {
            throw new InvalidDataException("the checkpoint's replay buffer has another capacity");
        }
        Count = reader.ReadInt32();
        Position = reader.ReadInt32();
        int o = ObservationSize, a = ActionSize;
        ReadFloats(reader, _obs.AsSpan(0, Count * o));
        ReadFloats(reader, _nextObs.AsSpan(0, Count * o));
        ReadFloats(reader, _actions.AsSpan(0, Count * a));
        ReadFloats(reader, _rewards.AsSpan(0, Count));
        ReadFloats(reader, _terminal.AsSpan(0, Count));
    }

    private static void WriteFloats(BinaryWriter writer, ReadOnlySpan<float> values) =>
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    private static void ReadFloats(BinaryReader reader, Span<float> values)
    {
        try
        {
            reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the checkpoint's replay buffer is truncated", e);
        }
    }
}
