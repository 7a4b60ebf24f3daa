// Position and velocity from an external tracker over UDP, for robots whose observations need more than on-board sensors.
using System.Net;
using System.Net.Sockets;

namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// Listens on a UDP port for <see cref="ExternalStateDatagram"/>s carrying <see cref="ValueNames"/>, on a background
/// task, and keeps the newest. A reading's timestamp is when its datagram arrived. Malformed datagrams and ones older
/// than the newest (by sequence number) are counted and dropped. The supervisor judges staleness from the timestamp.
/// </summary>
public sealed class ExternalStateInput : IInputChannel
{
    private readonly UdpClient _socket;
    private readonly TimeProvider _time;
    private readonly Lock _sync = new();
    private readonly float[] _latest;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiver;
    private long _timestamp;
    private uint _sequence;
    private bool _any;
    private volatile bool _socketFailed;
    private long _rejected;
    private long _received;

    /// <summary>
    /// Binds <paramref name="endpoint"/> (port 0 picks a free port; see <see cref="LocalEndPoint"/>). Throws
    /// <see cref="IOException"/> when the port cannot be bound.
    /// </summary>
    public ExternalStateInput(IPEndPoint endpoint, IReadOnlyList<string> valueNames, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(valueNames);
        if (valueNames.Count == 0)
        {
            throw new ArgumentException("an external state needs at least one value", nameof(valueNames));
        }
        ValueNames = valueNames;
        _latest = new float[valueNames.Count];
        _time = time ?? TimeProvider.System;
        try
        {
            _socket = new UdpClient(endpoint);
        }
        catch (SocketException e)
        {
            throw new IOException($"external state: cannot listen on UDP {endpoint}: {e.Message}", e);
        }
        LocalEndPoint = (IPEndPoint)_socket.Client.LocalEndPoint!;
        _receiver = Task.Run(ReceiveAsync);
    }

    /// <summary>The address the input listens on.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> ValueNames { get; }

    /// <summary>Valid datagrams taken.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Datagrams dropped as malformed or out of order.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Failed when the socket broke; Degraded until the first valid datagram; Ok after.</summary>
    public DeviceStatus Status => _socketFailed ? DeviceStatus.Failed : Volatile.Read(ref _any) ? DeviceStatus.Ok : DeviceStatus.Degraded;

    /// <inheritdoc/>
    public bool TryRead(Span<float> values, out long timestamp)
    {
        lock (_sync)
        {
            timestamp = _timestamp;
            if (!_any)
            {
                return false;
            }
            _latest.AsSpan().CopyTo(values);
            return true;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiver.Wait(TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            // The receive loop ends by cancellation or by the socket closing; either is expected here.
        }
        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        float[] scratch = new float[_latest.Length];
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
                _socketFailed = true;
                return;
            }
            long arrived = _time.GetTimestamp();
            if (!ExternalStateDatagram.TryRead(result.Buffer, scratch, out uint sequence))
            {
                Interlocked.Increment(ref _rejected);
                continue;
            }
            lock (_sync)
            {
                // Serial-number arithmetic: a wrapped counter is still newer.
                if (_any && (int)(sequence - _sequence) <= 0)
                {
                    Interlocked.Increment(ref _rejected);
                    continue;
                }
                scratch.AsSpan().CopyTo(_latest);
                _sequence = sequence;
                _timestamp = arrived;
                _any = true;
            }
            Interlocked.Increment(ref _received);
        }
    }
}
