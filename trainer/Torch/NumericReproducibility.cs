// Makes libtorch's CPU arithmetic reproducible on every x64 CPU, Intel or AMD. Intel MKL inside libtorch picks
// kernels whose results depend on the memory alignment of their operands unless its Conditional Numerical
// Reproducibility (CNR) mode is set; on AMD EPYC that alone made a resumed run differ from an uninterrupted one.
// MKL reads the mode once, from the native environment (`MKL_CBWR`), at its first call: .NET's
// Environment.SetEnvironmentVariable does not reach the native environment on Linux, so libc's setenv does it here,
// before libtorch computes anything. The mode in force is then read back from MKL itself (mkl_serv_cbwr_get, exported
// by libtorch_cpu), so `drl-train doctor` reports what MKL uses, not what was asked for.
// Reference: Intel oneMKL Developer Guide, "Obtaining Numerically Reproducible Results" (MKL_CBWR, mkl_cbwr_get).
using System.Runtime.InteropServices;

namespace DrlRobot.Trainer.Torch;

/// <summary>Where the CNR mode in force came from.</summary>
public enum CnrSource
{
    /// <summary>The trainer set <see cref="NumericReproducibility.DefaultMode"/> because the environment had none.</summary>
    Trainer,

    /// <summary>The user's environment set <c>MKL_CBWR</c>; the trainer left it alone.</summary>
    User,
}

/// <summary>The CNR mode MKL uses in this process.</summary>
/// <param name="Requested">The value of <c>MKL_CBWR</c> in the native environment, or null.</param>
/// <param name="Source">Who set it.</param>
/// <param name="Active">The mode MKL reports, e.g. "AUTO,STRICT"; null where MKL could not be asked.</param>
public sealed record CnrMode(string? Requested, CnrSource Source, string? Active)
{
    /// <summary>True when MKL reports a CNR branch (not OFF): its results do not depend on operand alignment.</summary>
    public bool Reproducible => Active is not null && !Active.StartsWith("OFF", StringComparison.Ordinal);
}

/// <summary>Sets and reports MKL's Conditional Numerical Reproducibility mode.</summary>
public static partial class NumericReproducibility
{
    /// <summary>The environment variable MKL reads.</summary>
    public const string Variable = "MKL_CBWR";

    /// <summary>
    /// The mode set when the user set none: the best code path for this CPU, alignment-independent (AUTO), with
    /// gemm results also independent of the thread count (STRICT). Measured on the PPO lander: no speed change.
    /// </summary>
    public const string DefaultMode = "AUTO,STRICT";

    // mkl_cbwr.h: the query selectors and the branch values (the STRICT flag is OR-ed onto a branch).
    private const int CbwrAll = ~0;
    private const int CbwrStrict = 0x10000;

    private static readonly Lock Gate = new();
    private static CnrSource? _source;

    /// <summary>
    /// Puts <see cref="DefaultMode"/> into the native environment unless the user set <c>MKL_CBWR</c>. Call before
    /// libtorch computes anything (MKL reads it once); later calls do nothing. Returns who set it.
    /// </summary>
    public static CnrSource Prepare()
    {
        lock (Gate)
        {
            if (_source is { } known)
            {
                return known;
            }
            if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            {
                // On Windows the CRT's environment is what MKL reads and .NET sets it; do so there.
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
                {
                    Environment.SetEnvironmentVariable(Variable, DefaultMode);
                    _source = CnrSource.Trainer;
                }
                else
                {
                    _source = CnrSource.User;
                }
                return _source.Value;
            }
            if (!string.IsNullOrEmpty(NativeGet(Variable)))
            {
                _source = CnrSource.User;
            }
            else
            {
                if (SetEnv(Variable, DefaultMode, 1) != 0)
                {
                    throw new InvalidOperationException($"could not set {Variable} in the process environment");
                }
                _source = CnrSource.Trainer;
            }
            return _source.Value;
        }
    }

    /// <summary>The mode in force; asks MKL once libtorch is loaded (<see cref="TorchRuntime.EnsureLoaded"/>).</summary>
    public static CnrMode Current()
    {
        CnrSource source = Prepare();
        string? requested = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? NativeGet(Variable) : Environment.GetEnvironmentVariable(Variable);
        return new CnrMode(requested, source, QueryMkl());
    }

    /// <summary>The name MKL's documentation gives a value returned by mkl_cbwr_get(MKL_CBWR_ALL).</summary>
    public static string Describe(int mode)
    {
        string branch = (mode & ~CbwrStrict) switch
        {
            // MKL_CBWR_OFF and MKL_CBWR_BRANCH_OFF: no CNR (what MKL reports when MKL_CBWR is unset).
            0 or 1 => "OFF",
            2 => "AUTO",
            3 => "COMPATIBLE",
            4 => "SSE2",
            6 => "SSSE3",
            7 => "SSE4_1",
            8 => "SSE4_2",
            9 => "AVX",
            10 => "AVX2",
            11 => "AVX512_MIC",
            12 => "AVX512",
            13 => "AVX512_MIC_E1",
            14 => "AVX512_E1",
            int other => $"branch {other}",
        };
        return (mode & CbwrStrict) != 0 ? branch + ",STRICT" : branch;
    }

    private static string? QueryMkl()
    {
        string? library = OperatingSystem.IsLinux() ? LoadedLibrary("libtorch_cpu") : null;
        if (library is null || !NativeLibrary.TryLoad(library, out nint handle))
        {
            return null;
        }
        try
        {
            if (!NativeLibrary.TryGetExport(handle, "mkl_serv_cbwr_get", out nint export))
            {
                return null;
            }
            int mode = Marshal.GetDelegateForFunctionPointer<CbwrGet>(export)(CbwrAll);
            return mode < 0 ? null : Describe(mode);
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }

    // The path of a loaded library whose file name starts with `stem` + ".", or null.
    private static string? LoadedLibrary(string stem) =>
        LibstdcxxCompat.MappedFiles().FirstOrDefault(path => Path.GetFileName(path).StartsWith(stem + ".", StringComparison.Ordinal));

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CbwrGet(int setting);

    private static string? NativeGet(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetEnv(string name);
}
