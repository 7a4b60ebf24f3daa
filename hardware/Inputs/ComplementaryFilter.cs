// Attitude (roll, pitch, yaw) from gyro and accelerometer: integrate rates, pull roll and pitch toward gravity.
using System.Numerics;

namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// A complementary filter. Rates are integrated through the Euler-angle kinematics (so it stays right away from
/// level); roll and pitch then blend toward the accelerometer's gravity direction with time constant
/// <see cref="TimeConstantSeconds"/>. The accelerometer is ignored while its magnitude is far from 1 g (thrust,
/// bumps), when it measures more than gravity. Yaw has no absolute reference here and drifts with gyro bias.
/// </summary>
public sealed class ComplementaryFilter
{
    private const float StandardGravity = 9.80665f;
    private bool _initialised;

    /// <summary>A filter that trusts the gyro over <paramref name="timeConstantSeconds"/> and gravity beyond it.</summary>
    public ComplementaryFilter(float timeConstantSeconds = 0.5f, float accelerationGate = 0.15f)
    {
        if (!(timeConstantSeconds > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(timeConstantSeconds), timeConstantSeconds, "time constant must be positive");
        }
        if (!(accelerationGate > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(accelerationGate), accelerationGate, "acceleration gate must be positive");
        }
        TimeConstantSeconds = timeConstantSeconds;
        AccelerationGate = accelerationGate;
    }

    /// <summary>Crossover between gyro and accelerometer, s.</summary>
    public float TimeConstantSeconds { get; }

    /// <summary>The accelerometer corrects only while | |a| / g − 1 | is below this fraction.</summary>
    public float AccelerationGate { get; }

    /// <summary>Rotation about x, rad.</summary>
    public float Roll { get; private set; }

    /// <summary>Rotation about y, rad.</summary>
    public float Pitch { get; private set; }

    /// <summary>Rotation about z, rad, wrapped to (−π, π].</summary>
    public float Yaw { get; private set; }

    /// <summary>Roll and pitch implied by the gravity direction alone.</summary>
    public static (float Roll, float Pitch) FromGravity(Vector3 acceleration) =>
        (MathF.Atan2(acceleration.Y, acceleration.Z),
         MathF.Atan2(-acceleration.X, MathF.Sqrt((acceleration.Y * acceleration.Y) + (acceleration.Z * acceleration.Z))));

    /// <summary>Starts again from the accelerometer on the next update, with yaw 0.</summary>
    public void Reset()
    {
        _initialised = false;
        Roll = Pitch = Yaw = 0f;
    }

    /// <summary>Advances the estimate by <paramref name="dtSeconds"/> with one reading.</summary>
    public void Update(Vector3 angularRate, Vector3 acceleration, float dtSeconds)
    {
        float g = acceleration.Length();
        bool gravityUsable = MathF.Abs((g / StandardGravity) - 1f) < AccelerationGate;
        if (!_initialised)
        {
            if (gravityUsable)
            {
                (Roll, Pitch) = FromGravity(acceleration);
            }
            _initialised = true;
            return;
        }
        if (!(dtSeconds > 0f) || !float.IsFinite(dtSeconds))
        {
            return;
        }
        (float sinRoll, float cosRoll) = MathF.SinCos(Roll);
        float cosPitch = MathF.Max(MathF.Cos(Pitch), 1e-3f); // gimbal lock at ±90° pitch: keep the rates finite
        float tanPitch = MathF.Sin(Pitch) / cosPitch;
        float q = angularRate.Y, r = angularRate.Z;
        float roll = Roll + (dtSeconds * (angularRate.X + (((q * sinRoll) + (r * cosRoll)) * tanPitch)));
        float pitch = Pitch + (dtSeconds * ((q * cosRoll) - (r * sinRoll)));
        Yaw = Wrap(Yaw + (dtSeconds * ((q * sinRoll) + (r * cosRoll)) / cosPitch));
        if (gravityUsable)
        {
            float alpha = TimeConstantSeconds / (TimeConstantSeconds + dtSeconds);
            (float accelRoll, float accelPitch) = FromGravity(acceleration);
            roll = accelRoll + Wrap(roll - accelRoll) * alpha;
            pitch = (alpha * pitch) + ((1f - alpha) * accelPitch);
        }
        Roll = Wrap(roll);
        Pitch = pitch;
    }

    private static float Wrap(float angle) => angle - (2f * MathF.PI * MathF.Round(angle / (2f * MathF.PI)));
}
