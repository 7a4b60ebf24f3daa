// The robot contract: the I/O an environment publishes and an exported policy carries, checked wherever the two meet.
using System.Globalization;

namespace DrlRobot.Sim.Contracts;

/// <summary>How a policy chooses its actions.</summary>
public enum ActionKind
{
    /// <summary>Every actuator gets its own magnitude.</summary>
    Continuous,

    /// <summary>The policy picks one row of <see cref="RobotContract.DiscreteActions"/>.</summary>
    Discrete,
}

/// <summary>
/// The observations, actuators and control rate of one robot. Environments publish it, the exporter writes it into
/// the ONNX file, and the runtime refuses to arm when the model's contract and the robot's disagree.
/// </summary>
public sealed record RobotContract
{
    /// <summary>Environment id, for example "lander".</summary>
    public required string EnvId { get; init; }

    /// <summary>Version of the environment's physics and reward; bumped whenever either changes.</summary>
    public int EnvVersion { get; init; } = 1;

    /// <summary>Control (and policy) rate in hertz.</summary>
    public required double ControlHz { get; init; }

    /// <summary>Whether the policy outputs magnitudes or picks a row of the discrete action table.</summary>
    public ActionKind ActionKind { get; init; } = ActionKind.Continuous;

    /// <summary>Observations in the order the policy reads them.</summary>
    public required IReadOnlyList<ObservationSpec> Observations { get; init; }

    /// <summary>Actuators in the order the policy writes them.</summary>
    public required IReadOnlyList<ActuatorSpec> Actuators { get; init; }

    /// <summary>For discrete policies: one actuator vector per action index. Empty for continuous policies.</summary>
    public IReadOnlyList<IReadOnlyList<float>> DiscreteActions { get; init; } = [];

    /// <summary>Control period in seconds.</summary>
    public double PeriodSeconds => 1.0 / ControlHz;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(EnvId))
        {
            throw new ArgumentException("env_id must not be empty", nameof(EnvId));
        }
        if (!(ControlHz > 0 && double.IsFinite(ControlHz)))
        {
            throw new ArgumentOutOfRangeException(nameof(ControlHz), ControlHz, "control_hz must be positive");
        }
        if (Observations.Count == 0 || Actuators.Count == 0)
        {
            throw new ArgumentException("a contract needs at least one observation and one actuator");
        }
        ValidateNames(Observations.Select(o => o.Name), "observations");
        ValidateNames(Actuators.Select(a => a.Name), "actuators");
        for (int i = 0; i < Observations.Count; i++)
        {
            ObservationSpec o = Observations[i];
            ValidateRange($"observations[{i}] ({o.Name})", o.Low, o.High);
        }
        for (int i = 0; i < Actuators.Count; i++)
        {
            ActuatorSpec a = Actuators[i];
            string field = $"actuators[{i}] ({a.Name})";
            ValidateRange(field, a.Low, a.High);
            if (!(a.Neutral >= a.Low && a.Neutral <= a.High))
            {
                throw new ArgumentException($"{field}: neutral {Format(a.Neutral)} is outside [{Format(a.Low)}, {Format(a.High)}]");
            }
        }
        ValidateDiscreteActions();
    }

    /// <summary>
    /// Describes the first difference that makes <paramref name="actual"/> unable to run a policy written for
    /// <paramref name="expected"/>, or returns null when they agree. Labels name the two sides in the message.
    /// </summary>
    public static string? FirstMismatch(RobotContract expected, RobotContract actual, string expectedLabel = "model",
                                        string actualLabel = "robot")
    {
        string Differ(string field, object? a, object? b) =>
            $"{field}: {expectedLabel} has {Quote(a)}, {actualLabel} has {Quote(b)}";

        // The same environment at another version has other physics or reward: a policy for one is not for the other.
        if (expected.EnvId == actual.EnvId && expected.EnvVersion != actual.EnvVersion)
        {
            return Differ($"env_version ({expected.EnvId})", expected.EnvVersion, actual.EnvVersion);
        }
        if (expected.ActionKind != actual.ActionKind)
        {
            return Differ("action_kind", expected.ActionKind.ToString().ToLowerInvariant(), actual.ActionKind.ToString().ToLowerInvariant());
        }

        if (expected.Observations.Count != actual.Observations.Count)
        {
            return Differ("observations.count", expected.Observations.Count, actual.Observations.Count);
        }
        for (int i = 0; i < expected.Observations.Count; i++)
        {
            ObservationSpec e = expected.Observations[i], a = actual.Observations[i];
            string field = $"observations[{i}]";
            if (e.Name != a.Name) return Differ($"{field}.name", e.Name, a.Name);
            if (e.Unit != a.Unit) return Differ($"{field}.unit ({e.Name})", e.Unit, a.Unit);
            if (!Same(e.Low, a.Low)) return Differ($"{field}.low ({e.Name})", e.Low, a.Low);
            if (!Same(e.High, a.High)) return Differ($"{field}.high ({e.Name})", e.High, a.High);
        }
        if (expected.Actuators.Count != actual.Actuators.Count)
        {
            return Differ("actuators.count", expected.Actuators.Count, actual.Actuators.Count);
        }
        for (int i = 0; i < expected.Actuators.Count; i++)
        {
            ActuatorSpec e = expected.Actuators[i], a = actual.Actuators[i];
            string field = $"actuators[{i}]";
            if (e.Name != a.Name) return Differ($"{field}.name", e.Name, a.Name);
            if (e.Kind != a.Kind) return Differ($"{field}.kind ({e.Name})", e.Kind, a.Kind);
            if (e.Unit != a.Unit) return Differ($"{field}.unit ({e.Name})", e.Unit, a.Unit);
            if (!Same(e.Low, a.Low)) return Differ($"{field}.low ({e.Name})", e.Low, a.Low);
            if (!Same(e.High, a.High)) return Differ($"{field}.high ({e.Name})", e.High, a.High);
            if (!Same(e.Neutral, a.Neutral)) return Differ($"{field}.neutral ({e.Name})", e.Neutral, a.Neutral);
        }
        if (Math.Abs(expected.ControlHz - actual.ControlHz) > 1e-9 * expected.ControlHz)
        {
            return Differ("control_hz", expected.ControlHz, actual.ControlHz);
        }
        // A discrete policy's output is a row index: the same index must mean the same actuator values on both sides.
        if (expected.DiscreteActions.Count != actual.DiscreteActions.Count)
        {
            return Differ("discrete_actions.count", expected.DiscreteActions.Count, actual.DiscreteActions.Count);
        }
        for (int row = 0; row < expected.DiscreteActions.Count; row++)
        {
            IReadOnlyList<float> e = expected.DiscreteActions[row], a = actual.DiscreteActions[row];
            if (e.Count != a.Count)
            {
                return Differ($"discrete_actions[{row}].count", e.Count, a.Count);
            }
            for (int j = 0; j < e.Count; j++)
            {
                if (!Same(e[j], a[j]))
                {
                    return Differ($"discrete_actions[{row}][{j}] ({expected.Actuators[Math.Min(j, expected.Actuators.Count - 1)].Name})", e[j], a[j]);
                }
            }
        }
        return null;
    }

    private static bool Same(float a, float b) => a == b || (float.IsNaN(a) && float.IsNaN(b));

    private static string Quote(object? value) => value switch
    {
        string s => $"'{s}'",
        float f => Format(f),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        null => "nothing",
        _ => value.ToString() ?? "nothing",
    };

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void ValidateNames(IEnumerable<string> names, string list)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"{list}: a name is empty");
            }
            if (!seen.Add(name))
            {
                throw new ArgumentException($"{list}: the name '{name}' appears twice");
            }
        }
    }

    private static void ValidateRange(string field, float low, float high)
    {
        if (float.IsNaN(low) || float.IsNaN(high) || low > high)
        {
            throw new ArgumentException($"{field}: low {Format(low)} must not exceed high {Format(high)}");
        }
    }

    private void ValidateDiscreteActions()
    {
        if (ActionKind == ActionKind.Continuous)
        {
            if (DiscreteActions.Count != 0)
            {
                throw new ArgumentException("discrete_actions must be empty for a continuous contract");
            }
            return;
        }
        if (DiscreteActions.Count < 2)
        {
            throw new ArgumentException("a discrete contract needs at least two discrete_actions");
        }
        for (int i = 0; i < DiscreteActions.Count; i++)
        {
            IReadOnlyList<float> row = DiscreteActions[i];
            if (row.Count != Actuators.Count)
            {
                throw new ArgumentException($"discrete_actions[{i}] has {row.Count} values, the contract has {Actuators.Count} actuators");
            }
            for (int j = 0; j < row.Count; j++)
            {
                if (!(row[j] >= Actuators[j].Low && row[j] <= Actuators[j].High))
                {
                    throw new ArgumentException($"discrete_actions[{i}][{j}] ({Actuators[j].Name}) = {Format(row[j])} is outside the actuator's range");
                }
            }
        }
    }
}
