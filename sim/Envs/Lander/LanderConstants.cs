// The numbers of the lander, taken from the reference environment's facts (shared/LANDER_FACTS.md) so that returns
// have the reference's scale: world size, gravity, masses, engine impulses and where they act, leg geometry.
namespace DrlRobot.Sim.Envs.Lander;

/// <summary>Constants of the lander world, in SI units (the reference's drawing scale is 30 px per metre).</summary>
internal static class LanderConstants
{
    public const float PixelsPerMetre = 30f;
    public const float Fps = 50f;
    public const float Dt = 1f / Fps;
    public const int MaxSteps = 1000;

    public const float WorldWidth = 600f / PixelsPerMetre;           // 20 m
    public const float WorldHeight = 400f / PixelsPerMetre;          // 13.33 m
    public const float Gravity = 10f;
    public const int TerrainPoints = 11;
    public const float TerrainSpacing = WorldWidth / (TerrainPoints - 1);
    public const float PadHeight = WorldHeight / 4f;
    public const float PadLeft = 8f;
    public const float PadRight = 12f;

    /// <summary>Hull (4.82 kg, density 5 over 0.963 m²) plus two legs (0.071 kg each).</summary>
    public const float Mass = 4.8167f + (2f * 0.0711f);

    /// <summary>The hull polygon about its centroid (0.784 kg·m²) plus the legs at about 0.9 m (0.114 kg·m²).</summary>
    public const float Inertia = 0.784f + 0.114f;

    /// <summary>Main engine: 13 × p × (4 px ± 2 px) of impulse along the hull's axis, 4 px below the centre.</summary>
    public const float MainEnginePower = 13f;
    public const float MainEngineOffset = 4f / PixelsPerMetre;

    /// <summary>Side engines: 0.6 × s × (12 px ± 3 px) sideways, applied 14 px up and 17 px out.</summary>
    public const float SideEnginePower = 0.6f;
    public const float SideEngineAway = 12f / PixelsPerMetre;
    public const float SideEngineHeight = 14f / PixelsPerMetre;
    public const float SideEngineOut = 17f / PixelsPerMetre;

    /// <summary>The dispersion of both engines: uniform in ±1 px.</summary>
    public const float Dispersion = 1f / PixelsPerMetre;

    /// <summary>The initial push: a force uniform in ±1000 N on each axis for the first step.</summary>
    public const float InitialRandomForce = 1000f;

    /// <summary>Where each foot rests in the body frame (the reference's leg boxes at their 0.4 rad joint limit).</summary>
    public const float FootOut = 0.952f;
    public const float FootDown = 0.539f;

    /// <summary>How far below the hull centre the observation's zero height sits above the pad (18 px).</summary>
    public const float LegDown = 18f / PixelsPerMetre;

    /// <summary>
    /// The legs hinge on motors holding 40 N·m: about 42 N at the foot before a leg yields and folds, and they
    /// unfold again at 0.3 rad/s (about 0.33 m/s at the foot).
    /// </summary>
    public const float LegHoldForce = 40f / FootOut;
    public const float LegExtendSpeed = 0.3f * 1.094f;
    public const float LegMaxCompression = 0.5f;

    /// <summary>Penalty contact of a foot with the ground: stiff enough for millimetres of sink, damped to settle.</summary>
    public const float ContactStiffness = 5000f;
    public const float ContactDamping = 150f;

    /// <summary>Leg (0.2) on ground (0.1) friction, mixed as Box2D does: sqrt(0.2 × 0.1).</summary>
    public const float Friction = 0.1414f;

    /// <summary>Slope of the regularised friction force below sliding (N per m/s).</summary>
    public const float FrictionViscosity = 400f;

    /// <summary>Box2D's sleep rule: slower than 0.01 m/s and 2 °/s for half a second means at rest.</summary>
    public const float SleepLinearSpeed = 0.01f;
    public const float SleepAngularSpeed = 2f * MathF.PI / 180f;
    public const int SleepSteps = 25;

    /// <summary>The hull polygon in the body frame; any vertex (or the bottom's middle) in the ground is a crash.</summary>
    public static ReadOnlySpan<float> HullX => [-14f / 30, -17f / 30, -17f / 30, 17f / 30, 17f / 30, 14f / 30, 0f];

    public static ReadOnlySpan<float> HullY => [17f / 30, 0f, -10f / 30, -10f / 30, 0f, 17f / 30, -10f / 30];

    /// <summary>No part of the lander is farther than this from its centre (the feet, at 1.09 m).</summary>
    public const float Reach = 1.1f;

    /// <summary>Contact substeps per control step when the lander is near the ground.</summary>
    public const int ContactSubsteps = 5;
}
