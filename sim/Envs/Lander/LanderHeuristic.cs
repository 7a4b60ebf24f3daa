// The reference's hand-written lander controller (LANDER_FACTS.md), for each way of driving the lander: it points
// the hull toward the pad, hovers lower as it closes in, and cuts the engines once a leg touches.
namespace DrlRobot.Sim.Envs.Lander;

/// <summary>The reference heuristic, writing actions in the variant's actuator units.</summary>
internal sealed class LanderHeuristic(LanderVariant variant) : IController
{
    public void Act(ReadOnlySpan<float> o, Span<float> action)
    {
        float angleTarget = Math.Clamp((0.5f * o[0]) + (1.0f * o[2]), -0.4f, 0.4f);
        float hoverTarget = 0.55f * MathF.Abs(o[0]);
        float angleTodo = (0.5f * (angleTarget - o[4])) - (1.0f * o[5]);
        float hoverTodo = (0.5f * (hoverTarget - o[1])) - (0.5f * o[3]);
        if (o[6] > 0.5f || o[7] > 0.5f)
        {
            angleTodo = 0f;
            hoverTodo = -0.5f * o[3];
        }
        switch (variant)
        {
            case LanderVariant.Continuous:
                action[0] = Math.Clamp((20f * hoverTodo) - 1f, -1f, 1f);
                action[1] = Math.Clamp(-20f * angleTodo, -1f, 1f);
                break;
            case LanderVariant.Discrete:
                // Writes the chosen row of the discrete table: nothing, left, main, right.
                action[0] = 0f;
                action[1] = 0f;
                if (hoverTodo > MathF.Abs(angleTodo) && hoverTodo > 0.05f)
                {
                    action[0] = 1f;
                }
                else if (angleTodo < -0.05f)
                {
                    action[1] = 1f;
                }
                else if (angleTodo > 0.05f)
                {
                    action[1] = -1f;
                }
                break;
            default:
                // The same engine powers the continuous controller asks for, one thruster each.
                float main = Math.Clamp((20f * hoverTodo) - 1f, -1f, 1f);
                float lateral = Math.Clamp(-20f * angleTodo, -1f, 1f);
                action[0] = main > 0f ? 0.5f + (0.5f * main) : 0f;
                action[1] = lateral < -0.5f ? -lateral : 0f;
                action[2] = lateral > 0.5f ? lateral : 0f;
                break;
        }
    }
}
