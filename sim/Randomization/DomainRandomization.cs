// Domain randomisation: physical and sensing parameters drawn per episode from seeded ranges, so a policy trained in
// simulation meets a spread of robots rather than one idealised one.
using System.Globalization;

namespace DrlRobot.Sim.Randomization;

/// <summary>A closed range of real values; a draw is uniform over it. Low = High fixes the value.</summary>
/// <param name="Low">Smallest value drawn.</param>
/// <param name="High">Largest value drawn.</param>
public readonly record struct ParameterRange(float Low, float High);

/// <summary>A closed range of whole control steps; a draw is uniform over its integers.</summary>
/// <param name="Low">Fewest steps drawn.</param>
/// <param name="High">Most steps drawn.</param>
public readonly record struct StepRange(int Low, int High);

/// <summary>
/// Ranges of the parameters drawn at the start of every episode. Scales multiply the environment's nominal values;
/// every draw comes from the env's own seeded stream, so randomised runs are as reproducible as nominal ones.
/// </summary>
public sealed record DomainRandomization
{
    /// <summary>The most whole steps of extra command latency a range may ask for.</summary>
    public const int MaxLatencySteps = 16;

    /// <summary>Factor on every mass (the lander's body, the rover's chassis, the pendulum's rod).</summary>
    public ParameterRange MassScale { get; init; } = new(0.9f, 1.1f);

    /// <summary>Factor on moments of inertia.</summary>
    public ParameterRange InertiaScale { get; init; } = new(0.9f, 1.1f);

    /// <summary>Factor on thrust and motor torque coefficients.</summary>
    public ParameterRange ThrustScale { get; init; } = new(0.9f, 1.1f);

    /// <summary>Factor on ground, wheel and joint friction coefficients.</summary>
    public ParameterRange FrictionScale { get; init; } = new(0.8f, 1.2f);

    /// <summary>Extra command latency in whole control steps, added to each actuator model's own.</summary>
    public StepRange LatencySteps { get; init; } = new(0, 1);

    /// <summary>Standard deviation of Gaussian noise on each continuous observation, in that observation's unit.</summary>
    public ParameterRange SensorNoise { get; init; } = new(0f, 0.01f);

    /// <summary>Peak disturbance force in newtons (a gusting side wind on landers, a push on the rover and pendulum tip).</summary>
    public ParameterRange WindNewtons { get; init; } = new(0f, 2f);

    /// <summary>
    /// Throws an <see cref="ArgumentOutOfRangeException"/> whose one-line message names the first field that is not
    /// valid and its bounds (the values are in the text rather than ActualValue, which would add a second line).
    /// </summary>
    public void Validate()
    {
        CheckScale(MassScale, nameof(MassScale), "mass_scale");
        CheckScale(InertiaScale, nameof(InertiaScale), "inertia_scale");
        CheckScale(ThrustScale, nameof(ThrustScale), "thrust_scale");
        CheckScale(FrictionScale, nameof(FrictionScale), "friction_scale");
        CheckNonNegative(SensorNoise, nameof(SensorNoise), "sensor_noise");
        CheckNonNegative(WindNewtons, nameof(WindNewtons), "wind_newtons");
        if (LatencySteps.Low < 0 || LatencySteps.High > MaxLatencySteps || LatencySteps.Low > LatencySteps.High)
        {
            throw new ArgumentOutOfRangeException(nameof(LatencySteps),
                $"randomization.latency_steps: [{LatencySteps.Low}, {LatencySteps.High}] must satisfy 0 <= low <= high <= {MaxLatencySteps}");
        }
    }

    private static void CheckScale(ParameterRange range, string property, string field)
    {
        CheckOrdered(range, property, field);
        if (!(range.Low > 0))
        {
            throw new ArgumentOutOfRangeException(property,
                $"randomization.{field}: low {Format(range.Low)} must be positive (a scale of a physical quantity)");
        }
    }

    private static void CheckNonNegative(ParameterRange range, string property, string field)
    {
        CheckOrdered(range, property, field);
        if (range.Low < 0)
        {
            throw new ArgumentOutOfRangeException(property, $"randomization.{field}: low {Format(range.Low)} must not be negative");
        }
    }

    private static void CheckOrdered(ParameterRange range, string property, string field)
    {
        if (!float.IsFinite(range.Low) || !float.IsFinite(range.High))
        {
            throw new ArgumentOutOfRangeException(property, $"randomization.{field}: bounds must be finite numbers");
        }
        if (range.Low > range.High)
        {
            throw new ArgumentOutOfRangeException(property,
                $"randomization.{field}: low {Format(range.Low)} exceeds high {Format(range.High)}");
        }
    }

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
