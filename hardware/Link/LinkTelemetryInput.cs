// The device's telemetry as an IInputChannel, so the runtime reads link observations like any other input.
using DrlRobot.Hardware.Inputs;

namespace DrlRobot.Hardware.Link;

/// <summary>
/// Reads the latest telemetry of a <see cref="LinkClient"/>. <see cref="TryRead"/> polls the client first, so it is
/// fresh within the tick; its timestamp is when the telemetry arrived, for the supervisor's staleness check. The
/// client is shared with whoever sends the commands and is not disposed here.
/// </summary>
public sealed class LinkTelemetryInput : IInputChannel
{
    private readonly LinkClient _client;
    private readonly TimeSpan _staleAfter;

    /// <summary>Reads <paramref name="client"/>'s telemetry, whose values are named <paramref name="valueNames"/>.</summary>
    /// <param name="client">The link; its handshake must have succeeded before the first read.</param>
    /// <param name="valueNames">The observation names, in the order telemetry carries them.</param>
    /// <param name="staleAfter">Telemetry older than this makes <see cref="Status"/> Degraded (default 250 ms).</param>
    public LinkTelemetryInput(LinkClient client, IReadOnlyList<string> valueNames, TimeSpan? staleAfter = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(valueNames);
        _client = client;
        ValueNames = valueNames;
        _staleAfter = staleAfter ?? TimeSpan.FromMilliseconds(250);
        if (_staleAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "must be positive");
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ValueNames { get; }

    /// <summary>Failed while the transport is down; Degraded before the first telemetry or when it is stale.</summary>
    public DeviceStatus Status =>
        _client.TransportStatus == DeviceStatus.Failed ? DeviceStatus.Failed
        : _client.TelemetryAge > _staleAfter ? DeviceStatus.Degraded
        : DeviceStatus.Ok;

    /// <inheritdoc />
    public bool TryRead(Span<float> values, out long timestamp)
    {
        _client.Poll();
        timestamp = _client.LatestTelemetryTimestamp;
        return _client.TryGetTelemetry(values);
    }

    /// <summary>Nothing to release: the client belongs to the caller.</summary>
    public void Dispose()
    {
    }
}
