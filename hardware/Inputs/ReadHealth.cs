// How an input's health follows its reads: one failed read is Degraded, FailAfter failures in a row are Failed,
// and the next good read is Ok again. Shared by the inputs that poll a device once per tick.
namespace DrlRobot.Hardware.Inputs;

/// <summary>Counts consecutive failed reads and turns them into a <see cref="DeviceStatus"/>.</summary>
internal sealed class ReadHealth
{
    private int _failures;

    /// <summary>Failed reads in a row after which the device counts as failed.</summary>
    public ReadHealth(int failAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failAfter);
        FailAfter = failAfter;
    }

    /// <summary>Consecutive failed reads after which the device counts as failed.</summary>
    public int FailAfter { get; }

    /// <summary>Health after the last read.</summary>
    public DeviceStatus Status { get; private set; } = DeviceStatus.Ok;

    /// <summary>Records a failed read.</summary>
    public void Failed()
    {
        _failures++;
        Status = _failures >= FailAfter ? DeviceStatus.Failed : DeviceStatus.Degraded;
    }

    /// <summary>Records a good read.</summary>
    public void Succeeded()
    {
        _failures = 0;
        Status = DeviceStatus.Ok;
    }
}
