// The lander's physics kernel: engine impulses, free flight, and legs whose feet meet the terrain polyline through
// spring-dampers with friction. Static and allocation-free; one env's state travels through it as a local struct.
using DrlRobot.Sim.Random;
using static DrlRobot.Sim.Envs.Lander.LanderConstants;

namespace DrlRobot.Sim.Envs.Lander;

/// <summary>The state of one lander: a rigid body and the compression of its two legs.</summary>
internal struct LanderBody
{
    public float X, Y, Angle, Vx, Vy, Omega;

    /// <summary>How far each leg has folded up from its rest position (m).</summary>
    public float LegLeft, LegRight;

    public bool ContactLeft, ContactRight;
}

/// <summary>The physical parameters of one episode (nominal values times the domain-randomisation scales).</summary>
internal readonly record struct LanderParams(float Mass, float Inertia, float ThrustScale, float Friction);

/// <summary>Advances landers by one control period.</summary>
internal static class LanderPhysics
{
    /// <summary>
    /// Applies this step's engine impulses as Box2D does before it integrates: <paramref name="mainPower"/> in [0, 1]
    /// (0 = off), side powers in [0, 1] (0 = off). Dispersion is drawn only for engines that fire.
    /// </summary>
    public static void ApplyEngines(ref LanderBody body, in LanderParams p, float mainPower, float leftPower,
                                    float rightPower, ref SimRng rng)
    {
        (float sin, float cos) = MathF.SinCos(body.Angle);
        float jx = 0f, jy = 0f, torque = 0f;
        if (mainPower > 0f)
        {
            float d0 = rng.Uniform(-Dispersion, Dispersion), d1 = rng.Uniform(-Dispersion, Dispersion);
            float k = MainEnginePower * mainPower * p.ThrustScale;
            AddImpulse(sin, cos, k * d1, k * (MainEngineOffset + (2f * d0)), 0f, -MainEngineOffset, ref jx, ref jy, ref torque);
        }
        if (leftPower > 0f)
        {
            AddSide(-1f, leftPower, sin, cos, p, ref rng, ref jx, ref jy, ref torque);
        }
        if (rightPower > 0f)
        {
            AddSide(1f, rightPower, sin, cos, p, ref rng, ref jx, ref jy, ref torque);
        }
        body.Vx += jx / p.Mass;
        body.Vy += jy / p.Mass;
        body.Omega += torque / p.Inertia;
    }

    /// <summary>
    /// Integrates one control period under gravity, the side force <paramref name="windForce"/> and torque
    /// <paramref name="windTorque"/>, and the feet's contacts with <paramref name="terrain"/>. Returns whether the
    /// hull touches the ground at the end (a crash).
    /// </summary>
    public static bool Advance(ref LanderBody body, in LanderParams p, ReadOnlySpan<float> terrain, float terrainTop,
                               float windForce, float windTorque)
    {
        float fall = MathF.Max(0f, -body.Vy) * Dt;
        if (body.Y - Reach - terrainTop > fall + 0.01f)
        {
            // Nothing can touch the ground this step: integrate the constant acceleration exactly in one go.
            float ax = windForce / p.Mass, alpha = windTorque / p.Inertia;
            body.X += (body.Vx * Dt) + (0.5f * ax * Dt * Dt);
            body.Y += (body.Vy * Dt) - (0.5f * Gravity * Dt * Dt);
            body.Angle += (body.Omega * Dt) + (0.5f * alpha * Dt * Dt);
            body.Vx += ax * Dt;
            body.Vy -= Gravity * Dt;
            body.Omega += alpha * Dt;
            body.LegLeft = MathF.Max(0f, body.LegLeft - (LegExtendSpeed * Dt));
            body.LegRight = MathF.Max(0f, body.LegRight - (LegExtendSpeed * Dt));
            body.ContactLeft = body.ContactRight = false;
            return false;
        }

        const float h = Dt / ContactSubsteps;
        for (int s = 0; s < ContactSubsteps; s++)
        {
            (float sin, float cos) = MathF.SinCos(body.Angle);
            float fx = windForce, fy = -p.Mass * Gravity, torque = windTorque;
            body.ContactLeft = Foot(body, p, terrain, sin, cos, -1f, ref body.LegLeft, h, ref fx, ref fy, ref torque);
            body.ContactRight = Foot(body, p, terrain, sin, cos, 1f, ref body.LegRight, h, ref fx, ref fy, ref torque);
            // Semi-implicit Euler: stable for the stiff contact springs at this substep.
            body.Vx += fx / p.Mass * h;
            body.Vy += fy / p.Mass * h;
            body.Omega += torque / p.Inertia * h;
            body.X += body.Vx * h;
            body.Y += body.Vy * h;
            body.Angle += body.Omega * h;
        }
        return HullTouchesGround(body, terrain);
    }

    /// <summary>Whether any hull vertex (or the middle of its bottom) is below the terrain.</summary>
    public static bool HullTouchesGround(in LanderBody body, ReadOnlySpan<float> terrain)
    {
        (float sin, float cos) = MathF.SinCos(body.Angle);
        ReadOnlySpan<float> hx = HullX, hy = HullY;
        for (int i = 0; i < hx.Length; i++)
        {
            float wx = body.X + (cos * hx[i]) - (sin * hy[i]);
            float wy = body.Y + (sin * hx[i]) + (cos * hy[i]);
            if (wy < LanderTerrain.Height(terrain, wx, out _))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The foot of one leg (side -1 left, +1 right): its contact force, and the leg folding under load.</summary>
    private static bool Foot(in LanderBody body, in LanderParams p, ReadOnlySpan<float> terrain, float sin, float cos,
                             float side, ref float compression, float h, ref float fx, ref float fy, ref float torque)
    {
        float lx = side * FootOut, ly = -FootDown + compression;
        float rx = (cos * lx) - (sin * ly), ry = (sin * lx) + (cos * ly);
        float ground = LanderTerrain.Height(terrain, body.X + rx, out float slope);
        float inv = 1f / MathF.Sqrt(1f + (slope * slope));
        float depth = (ground - (body.Y + ry)) * inv; // along the ground's normal
        if (depth <= 0f)
        {
            compression = MathF.Max(0f, compression - (LegExtendSpeed * h));
            return false;
        }
        float nx = -slope * inv, ny = inv, tx = inv, ty = slope * inv;
        float vfx = body.Vx - (body.Omega * ry), vfy = body.Vy + (body.Omega * rx);
        float vn = (vfx * nx) + (vfy * ny), vt = (vfx * tx) + (vfy * ty);
        bool canFold = compression < LegMaxCompression;
        // A leg whose spring would push harder than its motor holds folds instead; the energy goes into the motor.
        if (canFold && ContactStiffness * depth > LegHoldForce)
        {
            float fold = MathF.Min(depth - (LegHoldForce / ContactStiffness), LegMaxCompression - compression);
            compression += fold;
            depth -= fold;
        }
        float normal = MathF.Max(0f, (ContactStiffness * depth) - (ContactDamping * vn));
        if (canFold && normal > LegHoldForce)
        {
            normal = LegHoldForce;
        }
        else if (compression > 0f && normal < LegHoldForce)
        {
            // The motor unfolds the leg while it has torque to spare, pushing the body back up.
            compression -= MathF.Min(compression, MathF.Min(LegExtendSpeed * h, (LegHoldForce - normal) / ContactStiffness));
        }
        float limit = p.Friction * normal;
        float tangential = -Math.Clamp(FrictionViscosity * vt, -limit, limit);
        float gx = (normal * nx) + (tangential * tx), gy = (normal * ny) + (tangential * ty);
        fx += gx;
        fy += gy;
        torque += (rx * gy) - (ry * gx);
        return true;
    }

    private static void AddSide(float direction, float power, float sin, float cos, in LanderParams p, ref SimRng rng,
                                ref float jx, ref float jy, ref float torque)
    {
        float d0 = rng.Uniform(-Dispersion, Dispersion), d1 = rng.Uniform(-Dispersion, Dispersion);
        float k = SideEnginePower * power * p.ThrustScale;
        AddImpulse(sin, cos, k * ((direction * SideEngineAway) + (3f * d1)), k * d0, -direction * SideEngineOut,
                   SideEngineHeight, ref jx, ref jy, ref torque);
    }

    /// <summary>Adds an impulse given in the body frame at a body-frame point.</summary>
    private static void AddImpulse(float sin, float cos, float bodyJx, float bodyJy, float atX, float atY, ref float jx,
                                   ref float jy, ref float torque)
    {
        float wx = (cos * bodyJx) - (sin * bodyJy), wy = (sin * bodyJx) + (cos * bodyJy);
        float rx = (cos * atX) - (sin * atY), ry = (sin * atX) + (cos * atY);
        jx += wx;
        jy += wy;
        torque += (rx * wy) - (ry * wx);
    }
}
