// Turns what a network outputs into actuator commands: squashed or clipped magnitudes scaled to each actuator's
// range, or a row of the contract's discrete action table. The exported ONNX graph does the same arithmetic.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Trainer.Common;

/// <summary>Maps network actions in [-1, 1] (or action indices) to actuator units.</summary>
public sealed class ActionMapper
{
    private readonly float[] _low, _high;
    private readonly float[][] _table;

    /// <summary>Reads ranges and the discrete table from <paramref name="contract"/>.</summary>
    public ActionMapper(RobotContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        _low = contract.Actuators.Select(a => a.Low).ToArray();
        _high = contract.Actuators.Select(a => a.High).ToArray();
        _table = contract.DiscreteActions.Select(r => r.ToArray()).ToArray();
        Discrete = contract.ActionKind == ActionKind.Discrete;
    }

    /// <summary>True when the policy picks a row of the discrete table.</summary>
    public bool Discrete { get; }

    /// <summary>Actuators per env.</summary>
    public int Actuators => _low.Length;

    /// <summary>Network outputs per env: one per actuator, or one logit/Q-value per discrete action.</summary>
    public int NetworkOutputs => Discrete ? _table.Length : _low.Length;

    /// <summary>
    /// Sampled actions → actuator commands: continuous values are clipped to [-1, 1] and mapped affinely onto
    /// [low, high]; discrete actions (one index per env) become their table row.
    /// </summary>
    public void ToActuators(ReadOnlySpan<float> actions, Span<float> commands, int rows)
    {
        int m = Actuators;
        for (int e = 0; e < rows; e++)
        {
            if (Discrete)
            {
                _table[(int)actions[e]].CopyTo(commands.Slice(e * m, m));
                continue;
            }
            for (int j = 0; j < m; j++)
            {
                commands[e * m + j] = Scale(Math.Clamp(actions[e * m + j], -1f, 1f), j);
            }
        }
    }

    /// <summary>Network outputs → deterministic actuator commands (clipped mean, or the argmax's row).</summary>
    public void Deterministic(ReadOnlySpan<float> outputs, Span<float> commands, int rows)
    {
        int m = Actuators, k = NetworkOutputs;
        if (!Discrete)
        {
            ToActuators(outputs[..(rows * m)], commands, rows);
            return;
        }
        for (int e = 0; e < rows; e++)
        {
            ReadOnlySpan<float> row = outputs.Slice(e * k, k);
            int best = 0;
            for (int j = 1; j < k; j++)
            {
                if (row[j] > row[best]) best = j;
            }
            _table[best].CopyTo(commands.Slice(e * m, m));
        }
    }

    /// <summary>Maps u in [-1, 1] to actuator j's [low, high].</summary>
    public float Scale(float u, int j) => Math.Clamp(_low[j] + (u + 1f) * 0.5f * (_high[j] - _low[j]), _low[j], _high[j]);
}
