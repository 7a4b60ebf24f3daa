// The emulated board closed around the simulator: the drivers write registers, PWM duty and H-bridge pins exactly as
// on a Pi; after each tick the board's outputs are read back as the actuator commands a motor would receive, the
// simulator advances one control period, and its observation is turned back into what each device measures (IMU
// rate registers, encoder edges, switch levels, tracker datagrams) for the drivers to read on the next tick.
using System.Numerics;
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Devices.Emulated;
using DrlRobot.Runtime.Control;
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Hil;

/// <summary>
/// An <see cref="IPlant"/> whose devices are emulated and whose physics is the simulator's. Owns the hardware, the
/// emulated robot and the simulator. Finished after <c>episodes</c> simulated episodes.
/// </summary>
public sealed class EmulatedPlant : IPlant
{
    private readonly HardwarePlant _hardware;
    private readonly EmulatedRobot _robot;
    private readonly IRobotSim _sim;
    private readonly HardwareConfig _config;
    private readonly float[] _observation, _delivered;
    private readonly EpisodeResult[] _episodes;
    private readonly ulong _seed;
    private readonly double _dt;
    private readonly Dictionary<string, float[]> _trackers = [];
    private readonly Dictionary<string, float[]> _imuRates = [];
    private readonly Dictionary<string, double[]> _wheelAngles = [];
    private readonly Sensor[] _plan;
    private bool _stepPending;
    private double _return;
    private int _length;

    /// <param name="hardware">Devices opened on <paramref name="robot"/>'s board.</param>
    /// <param name="robot">The simulator's handle on the board.</param>
    /// <param name="sim">The simulated robot whose contract the hardware implements.</param>
    /// <param name="episodes">Episodes to run before <see cref="Finished"/>.</param>
    /// <param name="seed">Seed of the first episode; episode i uses seed + i.</param>
    /// <exception cref="ArgumentException">An observation comes from a device value the simulator cannot play.</exception>
    public EmulatedPlant(HardwarePlant hardware, EmulatedRobot robot, IRobotSim sim, int episodes, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(robot);
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        ControlLoop.CheckContract(hardware.Contract, sim.Contract, "simulator");
        (_hardware, _robot, _sim, _config, _seed) = (hardware, robot, sim, hardware.Hardware.Config, seed);
        _dt = 1.0 / sim.Contract.ControlHz;
        _observation = new float[sim.Contract.Observations.Count];
        _delivered = new float[sim.Contract.Actuators.Count];
        _episodes = new EpisodeResult[episodes];
        // Planned once, so a tick only copies values (the loop's hot path allocates nothing).
        _plan = [.. _config.Observations.Select(Plan)];
        _sim.Reset(seed, _observation);
        WriteSensors();
    }

    /// <inheritdoc />
    public RobotContract Contract => _hardware.Contract;

    /// <inheritdoc />
    public string Label => $"emulated board ({Contract.EnvId} simulator)";

    /// <inheritdoc />
    public bool Finished => EpisodesDone == _episodes.Length;

    /// <summary>Episodes completed so far.</summary>
    public int EpisodesDone { get; private set; }

    /// <inheritdoc />
    public int Episode => Math.Min(EpisodesDone, _episodes.Length - 1);

    /// <summary>The completed episodes, in order.</summary>
    public IReadOnlyList<EpisodeResult> Episodes => _episodes.AsSpan(0, EpisodesDone).ToArray();

    /// <inheritdoc />
    public bool Healthy => _hardware.Healthy;

    /// <summary>Waits for every emulated input's first reading (the tracker's datagram crosses loopback).</summary>
    public void WaitForInputs(TimeSpan timeout) => _hardware.WaitForInputs(timeout);

    /// <summary>Reads the devices, as on a Pi.</summary>
    public bool Sense(Span<float> observation, out long timestamp)
    {
        _stepPending = true;
        return _hardware.Sense(observation, out timestamp);
    }

    /// <summary>Writes the devices, then lets the world move one control period.</summary>
    public void Command(ReadOnlySpan<float> command)
    {
        _hardware.Command(command);
        Step();
    }

    /// <summary>Neutral on every device; the world still moves if a tick is under way (a latched robot keeps falling).</summary>
    public void CommandNeutral()
    {
        _hardware.CommandNeutral();
        Step();
    }

    /// <summary>Closes the devices (outputs neutral), the board and the simulator.</summary>
    public void Dispose()
    {
        _hardware.Dispose();
        _robot.Dispose();
        _sim.Dispose();
    }

    private void Step()
    {
        if (!_stepPending || Finished)
        {
            return;
        }
        _stepPending = false;
        // What the motors receive is what the board holds, not what the policy asked for: deadband, PWM steps, wiring.
        _robot.ReadActuators(_delivered);
        StepResult step = _sim.Step(_delivered, _observation);
        _return += step.Reward;
        _length++;
        if (step.Terminated || step.Truncated)
        {
            _episodes[EpisodesDone++] = new EpisodeResult(_return, _length, step.Success);
            (_return, _length) = (0, 0);
            if (!Finished)
            {
                _sim.Reset(_seed + (ulong)EpisodesDone, _observation);
            }
        }
        WriteSensors();
    }

    /// <summary>Turns the simulator's observation into what each device measures: device value = (obs − offset) / scale.</summary>
    private void WriteSensors()
    {
        for (int i = 0; i < _plan.Length; i++)
        {
            Sensor sensor = _plan[i];
            float value = (_observation[i] - sensor.Offset) / sensor.Scale;
            switch (sensor.Kind)
            {
                case SensorKind.Tracker:
                    _trackers[sensor.Device][sensor.Slot] = value;
                    break;
                case SensorKind.ImuRate:
                    _imuRates[sensor.Device][sensor.Slot] = value;
                    break;
                case SensorKind.WheelRate:
                    // Encoders count angle: wheel rates are integrated over the period just simulated.
                    _wheelAngles[sensor.Device][sensor.Slot] += value * _dt;
                    break;
                case SensorKind.WheelAngle:
                    _wheelAngles[sensor.Device][sensor.Slot] = value;
                    break;
                default:
                    _robot.SetSwitch(sensor.Device, value > 0.5f);
                    break;
            }
        }
        foreach ((string name, float[] rate) in _imuRates)
        {
            _robot.SetImu(name, new Vector3(rate[0], rate[1], rate[2]), new Vector3(0, 0, Hardware.Devices.Mpu6050.Mpu6050Scale.StandardGravity));
        }
        foreach ((string name, double[] angles) in _wheelAngles)
        {
            _robot.SetWheelAngles(name, angles[0], angles[1]);
        }
        foreach ((string name, float[] values) in _trackers)
        {
            _robot.SendExternalState(name, values);
        }
    }

    private enum SensorKind
    {
        Tracker,
        ImuRate,
        WheelRate,
        WheelAngle,
        Switch,
    }

    /// <summary>Where observation i goes: which device, which of its values, and the config's scale and offset.</summary>
    private readonly record struct Sensor(SensorKind Kind, string Device, int Slot, float Scale, float Offset);

    private Sensor Plan(ObservationConfig o)
    {
        DeviceConfig device = _config.Device(o.Source)!;
        (SensorKind kind, int slot) = (device.Type, o.Value) switch
        {
            (DeviceTypes.UdpState, _) => (SensorKind.Tracker, Array.IndexOf(device.Values!, o.Value)),
            (DeviceTypes.Mpu6050 or DeviceTypes.Bno055, "rate_x") => (SensorKind.ImuRate, 0),
            (DeviceTypes.Mpu6050 or DeviceTypes.Bno055, "rate_y") => (SensorKind.ImuRate, 1),
            (DeviceTypes.Mpu6050 or DeviceTypes.Bno055, "rate_z") => (SensorKind.ImuRate, 2),
            (DeviceTypes.WheelEncoders, "left_rate") => (SensorKind.WheelRate, 0),
            (DeviceTypes.WheelEncoders, "right_rate") => (SensorKind.WheelRate, 1),
            (DeviceTypes.WheelEncoders, "left_angle") => (SensorKind.WheelAngle, 0),
            (DeviceTypes.WheelEncoders, "right_angle") => (SensorKind.WheelAngle, 1),
            (DeviceTypes.Switch, _) => (SensorKind.Switch, 0),
            _ => throw new ArgumentException($"emulated board: the simulator cannot play '{o.Value}' of {device.Type} '{device.Name}' (observation '{o.Name}')"),
        };
        switch (kind)
        {
            case SensorKind.Tracker:
                _trackers.TryAdd(device.Name, new float[device.Values!.Length]);
                break;
            case SensorKind.ImuRate:
                _imuRates.TryAdd(device.Name, new float[3]);
                break;
            case SensorKind.WheelRate or SensorKind.WheelAngle:
                _wheelAngles.TryAdd(device.Name, new double[2]);
                break;
            default:
                break;
        }
        return new Sensor(kind, device.Name, slot, o.Scale, o.Offset);
    }
}
