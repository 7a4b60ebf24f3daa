// An off-policy iteration's averaged metrics. Losses stay where they were computed and are summed there, then read
// back together once per iteration: reading each one after every gradient step would make the host wait for the
// device thousands of times an iteration on a GPU (on the CPU it costs little either way).
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Training;

/// <summary>Sums of named scalars over an iteration, kept on the training device or on the host.</summary>
internal sealed class TrainMetrics : IDisposable
{
    private readonly Device _device;
    private readonly Dictionary<string, (Tensor Sum, int Count)> _onDevice = [];
    private readonly Dictionary<string, (double Sum, int Count)> _onHost = [];
    private readonly List<string> _order = [];

    public TrainMetrics(Device device) => _device = device;

    /// <summary>Adds a one-element tensor without reading it back.</summary>
    public void Add(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_onDevice.TryGetValue(name, out (Tensor Sum, int Count) entry))
        {
            // Taken out of the caller's dispose scope (one gradient step), so that it lives for the whole iteration.
            entry = (torch.zeros(1, dtype: ScalarType.Float32, device: _device).DetachFromDisposeScope(), 0);
            _order.Add(name);
        }
        using (torch.no_grad())
        {
            entry.Sum.add_(value.detach().reshape(1), DrlRobot.Trainer.Torch.CachedScalars.One);
        }
        _onDevice[name] = (entry.Sum, entry.Count + 1);
    }

    /// <summary>Adds a value the host already has.</summary>
    public void Add(string name, double value)
    {
        if (!_onHost.TryGetValue(name, out (double Sum, int Count) entry))
        {
            _order.Add(name);
        }
        _onHost[name] = (entry.Sum + value, entry.Count + 1);
    }

    /// <summary>Each metric's mean over the iteration, in the order first added; the device sums in one transfer.</summary>
    public List<Metric> Means()
    {
        var device = _order.Where(_onDevice.ContainsKey).ToList();
        float[] sums = [];
        if (device.Count > 0)
        {
            using var scope = torch.NewDisposeScope();
            sums = torch.cat([.. device.Select(n => _onDevice[n].Sum)]).cpu().data<float>().ToArray();
        }
        return [.. _order.Select(name => _onDevice.TryGetValue(name, out (Tensor Sum, int Count) d)
            ? new Metric(name, (double)sums[device.IndexOf(name)] / d.Count)
            : new Metric(name, _onHost[name].Sum / _onHost[name].Count))];
    }

    public void Dispose()
    {
        foreach ((Tensor sum, _) in _onDevice.Values)
        {
            sum.Dispose();
        }
        _onDevice.Clear();
    }
}
