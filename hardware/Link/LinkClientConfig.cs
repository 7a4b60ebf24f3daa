// What the host expects at the far end of the link: the model's actuators and observations, and handshake timing.
namespace DrlRobot.Hardware.Link;

/// <summary>Configuration of <see cref="LinkClient"/>, built by the runtime from the model's contract.</summary>
public sealed record LinkClientConfig
{
    /// <summary>The model's actuators, in contract order.</summary>
    public IReadOnlyList<LinkActuator> Actuators { get; init; } = [];

    /// <summary>The model's observation names, in contract order (what telemetry carries).</summary>
    public IReadOnlyList<string> ObservationNames { get; init; } = [];

    /// <summary>
    /// How long the handshake waits for capabilities before it gives up. Long enough for an Arduino that resets when
    /// the port opens and sits in its bootloader for up to two seconds.
    /// </summary>
    public int HandshakeTimeoutMilliseconds { get; init; } = 3000;

    /// <summary>How often hello is repeated during the handshake.</summary>
    public int HelloIntervalMilliseconds { get; init; } = 100;

    /// <summary>The names hash the device must announce.</summary>
    public uint NamesHash => LinkNamesHash.Compute(Actuators.Select(a => a.Name).ToArray(), ObservationNames);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (Actuators.Count is < 1 or > LinkProtocol.MaxActuators)
        {
            throw new ArgumentOutOfRangeException(nameof(Actuators), Actuators.Count, $"need 1..{LinkProtocol.MaxActuators} actuators");
        }
        if (ObservationNames.Count > LinkProtocol.MaxValues)
        {
            throw new ArgumentOutOfRangeException(nameof(ObservationNames), ObservationNames.Count, $"at most {LinkProtocol.MaxValues} observations");
        }
        foreach (LinkActuator actuator in Actuators)
        {
            actuator.Validate();
        }
        _ = NamesHash;
        if (HandshakeTimeoutMilliseconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeoutMilliseconds), HandshakeTimeoutMilliseconds, "must be positive");
        }
        if (HelloIntervalMilliseconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HelloIntervalMilliseconds), HelloIntervalMilliseconds, "must be positive");
        }
    }
}
