// The lander's random terrain: eleven points 2 m apart, a flat pad in the middle, smoothed as the reference does.
using DrlRobot.Sim.Random;
using static DrlRobot.Sim.Envs.Lander.LanderConstants;

namespace DrlRobot.Sim.Envs.Lander;

/// <summary>Generates terrain polylines and answers height queries against them.</summary>
internal static class LanderTerrain
{
    /// <summary>Draws a terrain into <paramref name="heights"/> (11 values) and returns its highest point.</summary>
    public static float Generate(ref SimRng rng, Span<float> heights)
    {
        Span<float> raw = stackalloc float[TerrainPoints + 1];
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = rng.Uniform(0f, WorldHeight / 2f);
        }
        for (int i = (TerrainPoints / 2) - 2; i <= (TerrainPoints / 2) + 2; i++)
        {
            raw[i] = PadHeight;
        }
        float highest = 0f;
        for (int i = 0; i < TerrainPoints; i++)
        {
            // The reference indexes raw[i - 1] in Python, so the first point's left neighbour is the last raw value.
            float left = raw[i == 0 ? raw.Length - 1 : i - 1];
            heights[i] = 0.33f * (left + raw[i] + raw[i + 1]);
            highest = MathF.Max(highest, heights[i]);
        }
        return highest;
    }

    /// <summary>Height of the ground below <paramref name="x"/>, and the slope there (the end segments extend outward).</summary>
    public static float Height(ReadOnlySpan<float> heights, float x, out float slope)
    {
        float u = x / TerrainSpacing;
        int i = (int)MathF.Floor(u);
        i = Math.Clamp(i, 0, TerrainPoints - 2);
        float h0 = heights[i], h1 = heights[i + 1];
        slope = (h1 - h0) / TerrainSpacing;
        return h0 + ((h1 - h0) * (u - i));
    }
}
