// The 32-bit hash of actuator and observation names by which host and device check they mean the same robot.
using System.Text;

namespace DrlRobot.Hardware.Link;

/// <summary>
/// FNV-1a 32 (offset basis 0x811C9DC5, prime 0x01000193) over UTF-8 text made of every actuator name followed by
/// '\n', then one more '\n', then every observation name followed by '\n'. Names are non-empty and hold no '\n', so
/// the empty line separates the two lists unambiguously. Order matters: it is the contract's order.
/// </summary>
public static class LinkNamesHash
{
    private const uint OffsetBasis = 0x811C9DC5;
    private const uint Prime = 0x01000193;

    /// <summary>The names hash of a robot; throws <see cref="ArgumentException"/> on an empty name or one with '\n'.</summary>
    public static uint Compute(IReadOnlyList<string> actuatorNames, IReadOnlyList<string> observationNames)
    {
        ArgumentNullException.ThrowIfNull(actuatorNames);
        ArgumentNullException.ThrowIfNull(observationNames);
        uint hash = OffsetBasis;
        foreach (string name in actuatorNames)
        {
            hash = AddLine(hash, name, nameof(actuatorNames));
        }
        hash = Add(hash, (byte)'\n');
        foreach (string name in observationNames)
        {
            hash = AddLine(hash, name, nameof(observationNames));
        }
        return hash;
    }

    private static uint AddLine(uint hash, string name, string paramName)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"link names must be non-empty and single-line, got \"{name}\"", paramName);
        }
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            hash = Add(hash, b);
        }
        return Add(hash, (byte)'\n');
    }

    private static uint Add(uint hash, byte b) => (hash ^ b) * Prime;
}
