// Devices opened from a hardware config as a plant: outputs in the model's order, the observation built from the
// config's inputs, health from the worst device. Used on a Pi and, unchanged, on the emulated board.
using System.Diagnostics;
using DrlRobot.Hardware;
using DrlRobot.Hardware.Config;
using DrlRobot.Runtime.Control;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Hil;

/// <summary>An <see cref="IPlant"/> over <see cref="RobotHardware"/>; owns it (disposing leaves every output neutral).</summary>
public sealed class HardwarePlant : IPlant
{
    private readonly RobotHardware _hardware;
    private readonly float[] _scratch;

    /// <param name="contract">The model's contract; the config was checked against it.</param>
    /// <param name="hardware">The opened devices.</param>
    public HardwarePlant(RobotContract contract, RobotHardware hardware)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(hardware);
        if (hardware.Observations is null)
        {
            throw new HardwareConfigException("observations", "the config lists no observations; the model needs " + contract.Observations.Count);
        }
        Contract = contract;
        _hardware = hardware;
        _scratch = new float[contract.Observations.Count];
        _hardware.WriteNeutral();
    }

    /// <inheritdoc />
    public RobotContract Contract { get; }

    /// <inheritdoc />
    public string Label => "hardware";

    /// <inheritdoc />
    public bool Finished => false;

    /// <inheritdoc />
    public int Episode => 0;

    /// <summary>The devices.</summary>
    public RobotHardware Hardware => _hardware;

    /// <inheritdoc />
    public bool Healthy => _hardware.WorstStatus != DeviceStatus.Failed;

    /// <summary>
    /// Waits until every input has produced a reading (a tracker's first datagram, say), so the first tick is not a
    /// stale-input stop; throws <see cref="IOException"/> naming the silent input when <paramref name="timeout"/> passes.
    /// </summary>
    public void WaitForInputs(TimeSpan timeout)
    {
        long start = Stopwatch.GetTimestamp();
        while (!_hardware.Observations!.TryBuild(_scratch, out _, out int failed))
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                string name = failed >= 0 && failed < _hardware.Observations.Inputs.Count
                    ? _hardware.Inputs.First(p => ReferenceEquals(p.Value, _hardware.Observations.Inputs[failed])).Key
                    : "an input";
                throw new IOException($"input '{name}' gave no reading within {timeout.TotalSeconds:0.#} s");
            }
            Thread.Sleep(5);
        }
    }

    /// <summary>Builds the observation; the timestamp is that of its oldest input.</summary>
    public bool Sense(Span<float> observation, out long timestamp)
    {
        bool valid = _hardware.Observations!.TryBuild(observation, out double age, out _);
        timestamp = Stopwatch.GetTimestamp() - (long)(Math.Min(age, 3600) * Stopwatch.Frequency);
        return valid;
    }

    /// <inheritdoc />
    public void Command(ReadOnlySpan<float> command) => _hardware.Write(command);

    /// <inheritdoc />
    public void CommandNeutral() => _hardware.WriteNeutral();

    /// <inheritdoc />
    public void Dispose() => _hardware.Dispose();
}
