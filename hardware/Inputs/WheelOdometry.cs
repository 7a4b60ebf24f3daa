// Dead reckoning for a differential-drive rover from the two wheels' angle changes.
namespace DrlRobot.Hardware.Inputs;

/// <summary>
/// Integrates pose (x, y, heading) from left and right wheel rotation along the chord of the arc driven in each step,
/// which is exact for straight lines and for arcs of constant curvature. Heading is counter-clockwise positive, x forward
/// at heading 0.
/// </summary>
public sealed class WheelOdometry
{
    /// <summary>A rover with wheels of <paramref name="wheelRadiusMetres"/> set <paramref name="trackWidthMetres"/> apart.</summary>
    public WheelOdometry(double wheelRadiusMetres, double trackWidthMetres)
    {
        if (!(wheelRadiusMetres > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(wheelRadiusMetres), wheelRadiusMetres, "wheel radius must be positive");
        }
        if (!(trackWidthMetres > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(trackWidthMetres), trackWidthMetres, "track width must be positive");
        }
        WheelRadiusMetres = wheelRadiusMetres;
        TrackWidthMetres = trackWidthMetres;
    }

    /// <summary>Wheel radius, m.</summary>
    public double WheelRadiusMetres { get; }

    /// <summary>Distance between the wheels' contact points, m.</summary>
    public double TrackWidthMetres { get; }

    /// <summary>Position along the start heading, m.</summary>
    public double X { get; private set; }

    /// <summary>Position to the left of the start heading, m.</summary>
    public double Y { get; private set; }

    /// <summary>Heading, rad, wrapped to (−π, π].</summary>
    public double Heading { get; private set; }

    /// <summary>Forward speed over the last update, m/s.</summary>
    public double Speed { get; private set; }

    /// <summary>Turn rate over the last update, rad/s.</summary>
    public double YawRate { get; private set; }

    /// <summary>Advances by the wheels' rotation (rad) over <paramref name="dtSeconds"/>.</summary>
    public void Update(double leftDeltaRadians, double rightDeltaRadians, double dtSeconds)
    {
        double left = leftDeltaRadians * WheelRadiusMetres;
        double right = rightDeltaRadians * WheelRadiusMetres;
        double distance = 0.5 * (left + right);
        double turn = (right - left) / TrackWidthMetres;
        double midHeading = Heading + (0.5 * turn);
        // The chord of an arc of length d turning by θ is d·sin(θ/2)/(θ/2); the series avoids 0/0 when driving straight.
        double half = 0.5 * turn;
        double chord = distance * (Math.Abs(half) < 1e-4 ? 1 - (half * half / 6) : Math.Sin(half) / half);
        X += chord * Math.Cos(midHeading);
        Y += chord * Math.Sin(midHeading);
        Heading = Math.IEEERemainder(Heading + turn, 2 * Math.PI);
        if (dtSeconds > 0)
        {
            Speed = distance / dtSeconds;
            YawRate = turn / dtSeconds;
        }
    }

    /// <summary>Back to the origin, heading 0, at rest.</summary>
    public void Reset() => X = Y = Heading = Speed = YawRate = 0;
}
