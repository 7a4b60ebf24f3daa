// Scalars that live as long as the process. In TorchSharp 0.107 an expression such as `ratio - 1` converts the 1 to a
// temporary Scalar, reads its native handle and passes it on; the temporary is then unreachable, and a garbage
// collection during the native call may let the finalizer free the native scalar while libtorch reads it ("Unknown
// scalar type", "Expected false to be true"). Scalars held by a static field are never finalized, so the hot loops
// use these (or per-agent fields for config values) instead of literals. The fix in TorchSharp itself is pending
// (dotnet/TorchSharp#1434, #1496).
using TorchSharp;

namespace DrlRobot.Trainer.Torch;

/// <summary>Process-lifetime Scalars for the update loops.</summary>
internal static class CachedScalars
{
    /// <summary>The integer 1 (what <c>tensor - 1</c> and an add's default alpha would create).</summary>
    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>The integer 2 (squares: <c>pow(2)</c>).</summary>
    public static Scalar Two { get; } = 2.ToScalar();

    /// <summary>The double 0.5.</summary>
    public static Scalar Half { get; } = 0.5.ToScalar();

    /// <summary>The double −0.5.</summary>
    public static Scalar MinusHalf { get; } = (-0.5).ToScalar();

    /// <summary>The double 1e-8, the floor under a std or a root.</summary>
    public static Scalar Epsilon { get; } = 1e-8.ToScalar();
}
