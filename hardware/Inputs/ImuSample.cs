// One timestamped IMU reading in SI units, the plain struct that passes from the IMU driver to the estimators.
using System.Numerics;

namespace DrlRobot.Hardware.Inputs;

/// <summary>A gyro and accelerometer reading taken in one bus transfer.</summary>
/// <param name="Timestamp">When it was read, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
/// <param name="AngularRate">Body rates about x, y, z, rad/s.</param>
/// <param name="Acceleration">Specific force along x, y, z, m/s² (reads +g on z when level and still).</param>
/// <param name="TemperatureCelsius">Die temperature, °C.</param>
public readonly record struct ImuSample(long Timestamp, Vector3 AngularRate, Vector3 Acceleration, float TemperatureCelsius);
