// Sits in one direction of an emulated link and drops, corrupts or delays whole frames, from a seeded RNG.
namespace DrlRobot.Hardware.Link;

/// <summary>
/// Splits a byte stream at its 0x00 delimiters and decides per frame: drop, corrupt (flip 1–3 different bits, never
/// the delimiter), and hold for the delay. It remembers which frames it corrupted so an emulator can check that none of
/// them reached an actuator. A blackout drops everything for a while, as a pulled cable would. Preallocated: it
/// allocates nothing after construction. Not thread-safe.
/// </summary>
public sealed class LinkFaultInjector
{
    private const int SlotCount = 256;
    private static readonly int SlotSize = LinkProtocol.MaxWireLength + 64;

    private readonly LinkFaultConfig _config;
    private readonly Random _random;
    private readonly byte[] _slots = new byte[SlotCount * SlotSize];
    private readonly int[] _lengths = new int[SlotCount];
    private readonly long[] _dueMicros = new long[SlotCount];
    private readonly bool[] _corrupted = new bool[SlotCount];
    private readonly byte[] _pending = new byte[SlotSize];
    private int _pendingLength;
    private int _head;
    private int _count;
    private long _blackoutUntilMicros = long.MinValue;

    /// <summary>Creates an injector; throws when <paramref name="config"/> is invalid.</summary>
    public LinkFaultInjector(LinkFaultConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        _random = new Random(config.Seed);
    }

    /// <summary>Frames passed through (corrupted or not).</summary>
    public long FramesPassed { get; private set; }

    /// <summary>Frames dropped by chance.</summary>
    public long FramesDropped { get; private set; }

    /// <summary>Frames corrupted.</summary>
    public long FramesCorrupted { get; private set; }

    /// <summary>Frames lost to a blackout or to a full delay queue.</summary>
    public long FramesBlackedOut { get; private set; }

    /// <summary>Drops every frame that completes before <paramref name="untilMicros"/>, like a pulled cable.</summary>
    public void BlackoutUntil(long untilMicros) => _blackoutUntilMicros = untilMicros;

    /// <summary>Takes bytes that arrived at <paramref name="nowMicros"/>.</summary>
    public void Push(ReadOnlySpan<byte> bytes, long nowMicros)
    {
        foreach (byte b in bytes)
        {
            _pending[_pendingLength++] = b;
            if (b == 0 || _pendingLength == _pending.Length)
            {
                // A run too long to be a frame is noise: it goes through as it is, in slot-sized pieces.
                OnFrame(_pending.AsSpan(0, _pendingLength), nowMicros, judge: b == 0);
                _pendingLength = 0;
            }
        }
    }

    /// <summary>
    /// Hands out the oldest frame that is due at <paramref name="nowMicros"/>, with whether it was corrupted. The
    /// span is valid until the next call.
    /// </summary>
    public bool TryTake(long nowMicros, out ReadOnlySpan<byte> frame, out bool corrupted)
    {
        if (_count == 0 || _dueMicros[_head] > nowMicros)
        {
            frame = default;
            corrupted = false;
            return false;
        }
        frame = _slots.AsSpan(_head * SlotSize, _lengths[_head]);
        corrupted = _corrupted[_head];
        _head = (_head + 1) % SlotCount;
        _count--;
        return true;
    }

    private void OnFrame(ReadOnlySpan<byte> frame, long nowMicros, bool judge)
    {
        if (nowMicros < _blackoutUntilMicros || _count == SlotCount)
        {
            FramesBlackedOut++;
            return;
        }
        // Draw both numbers for every frame so one probability does not shift the other's random sequence.
        double dropRoll = _random.NextDouble();
        double corruptRoll = _random.NextDouble();
        if (judge && dropRoll < _config.DropProbability)
        {
            FramesDropped++;
            return;
        }
        int slot = (_head + _count) % SlotCount;
        Span<byte> stored = _slots.AsSpan(slot * SlotSize, frame.Length);
        frame.CopyTo(stored);
        bool corrupt = judge && frame.Length > 1 && corruptRoll < _config.CorruptProbability;
        if (corrupt)
        {
            FlipDistinctBits(stored[..^1], _random.Next(1, 4));
            FramesCorrupted++;
        }
        _lengths[slot] = frame.Length;
        _corrupted[slot] = corrupt;
        _dueMicros[slot] = nowMicros + (_config.DelayMilliseconds * 1000L);
        _count++;
        FramesPassed++;
    }

    // Flips `count` (at most 3) different bits: two flips of one bit would cancel and leave a frame marked corrupted
    // intact.
    private void FlipDistinctBits(Span<byte> bytes, int count)
    {
        Span<int> flipped = stackalloc int[3];
        for (int done = 0; done < count;)
        {
            int bit = _random.Next(bytes.Length * 8);
            if (flipped[..done].Contains(bit))
            {
                continue;
            }
            flipped[done++] = bit;
            bytes[bit >> 3] ^= (byte)(1 << (bit & 7));
        }
    }
}
