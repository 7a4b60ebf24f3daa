// The checks behind `drl-train doctor`: each one really exercises libtorch rather than looking for files.
using DrlRobot.Cli;
using TorchSharp;
using static TorchSharp.torch;

namespace DrlRobot.Trainer.Torch;

/// <summary>What `drl-train doctor` found.</summary>
public sealed record TorchReport
{
    /// <summary>True when no check failed.</summary>
    public bool Ok => Checks.All(c => c.Status != CheckStatus.Fail);

    /// <summary>libtorch loaded and computed a tensor operation with its gradient.</summary>
    public bool LibtorchLoaded { get; init; }

    /// <summary>TorchSharp's assembly version.</summary>
    public string TorchsharpVersion { get; init; } = "";

    /// <summary>libtorch's version, when loaded.</summary>
    public string? LibtorchVersion { get; init; }

    /// <summary>Threads libtorch uses for intra-op parallelism.</summary>
    public int Threads { get; init; }

    /// <summary>Logical processors the process may use.</summary>
    public int ProcessorCount { get; init; } = Environment.ProcessorCount;

    /// <summary>Whether a CUDA device is usable.</summary>
    public bool CudaAvailable { get; init; }

    /// <summary>Number of CUDA devices.</summary>
    public int CudaDevices { get; init; }

    /// <summary>State of the libstdc++ compatibility fix.</summary>
    public CompatFixState CompatFix { get; init; } = CompatFixState.Unknown;

    /// <summary>The libstdc++ the process loaded.</summary>
    public string? Libstdcxx { get; init; }

    /// <summary>MKL's Conditional Numerical Reproducibility mode: what was asked for, by whom, and what MKL uses.</summary>
    public CnrMode? Numerics { get; init; }

    /// <summary>Every check, in order.</summary>
    public IReadOnlyList<DoctorCheck> Checks { get; init; } = [];

    /// <summary>The stop-and-resume comparisons of <c>doctor --device</c>; empty without it.</summary>
    public IReadOnlyList<Training.ResumeCheckResult> Training { get; init; } = [];
}

/// <summary>Runs the trainer's environment checks.</summary>
public static class TorchDoctor
{
    /// <summary>Loads libtorch, computes with it and reports.</summary>
    public static TorchReport Run()
    {
        var checks = new List<DoctorCheck>();
        string torchSharpVersion = typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "unknown";
        try
        {
            TorchRuntime.EnsureLoaded();
        }
        catch (InvalidOperationException e)
        {
            checks.Add(new DoctorCheck("libtorch", CheckStatus.Fail, e.Message));
            (CompatFixState failedState, string? failedLib) = LibstdcxxCompat.Inspect();
            checks.Add(CompatCheck(failedState, failedLib));
            return new TorchReport
            {
                TorchsharpVersion = torchSharpVersion,
                CompatFix = failedState,
                Libstdcxx = failedLib,
                Checks = checks,
            };
        }

        string libtorchVersion = torch.__version__;
        checks.Add(new DoctorCheck("libtorch", CheckStatus.Ok, $"TorchSharp {torchSharpVersion}, libtorch {libtorchVersion}"));
        checks.Add(GradientCheck());

        int threads = torch.get_num_threads();
        checks.Add(new DoctorCheck("threads", threads >= 1 ? CheckStatus.Ok : CheckStatus.Warn,
                                   $"{threads} intra-op threads on {Environment.ProcessorCount} logical processors"));

        bool cuda = torch.cuda.is_available();
        int cudaDevices = cuda ? torch.cuda.device_count() : 0;
        checks.Add(new DoctorCheck("cuda", cuda ? CheckStatus.Ok : CheckStatus.Info,
                                   cuda ? $"{cudaDevices} device(s)" : "not available: training runs on the CPU (see README, CUDA)"));

        CnrMode numerics = NumericReproducibility.Current();
        checks.Add(NumericsCheck(numerics));

        (CompatFixState state, string? libstdcxx) = LibstdcxxCompat.Inspect();
        checks.Add(CompatCheck(state, libstdcxx));

        return new TorchReport
        {
            LibtorchLoaded = checks[1].Status == CheckStatus.Ok,
            TorchsharpVersion = torchSharpVersion,
            LibtorchVersion = libtorchVersion,
            Threads = threads,
            CudaAvailable = cuda,
            CudaDevices = cudaDevices,
            CompatFix = state,
            Libstdcxx = libstdcxx,
            Numerics = numerics,
            Checks = checks,
        };
    }

    private static DoctorCheck NumericsCheck(CnrMode mode)
    {
        string who = mode.Source == CnrSource.Trainer
            ? $"set by drl-train ({NumericReproducibility.Variable} was unset)"
            : $"{NumericReproducibility.Variable}={mode.Requested} from the environment";
        if (mode.Active is null)
        {
            return new("reproducibility", CheckStatus.Info, $"this libtorch has no MKL to ask; {who}");
        }
        return mode.Reproducible
            ? new("reproducibility", CheckStatus.Ok, $"MKL CNR mode {mode.Active}, {who}: results do not depend on memory alignment")
            : new("reproducibility", CheckStatus.Warn, $"MKL CNR mode {mode.Active}, {who}: results may depend on memory alignment, " +
                                                       "so a resumed run may not match an uninterrupted one; unset it or set AUTO,STRICT");
    }

    // d/dx sum(x² + 3x) = 2x + 3, checked against the known answer.
    private static DoctorCheck GradientCheck()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = torch.tensor(new float[] { -1.5f, 0f, 2f }, requires_grad: true);
        Tensor y = (x * x + 3 * x).sum();
        y.backward();
        float[] gradient = x.grad!.data<float>().ToArray();
        float[] expected = [0f, 3f, 7f];
        bool right = gradient.Zip(expected).All(p => Math.Abs(p.First - p.Second) < 1e-6f);
        return new DoctorCheck("tensor + backward", right ? CheckStatus.Ok : CheckStatus.Fail,
                               right ? "forward and backward pass give the expected gradient"
                                     : $"wrong gradient [{string.Join(", ", gradient)}], expected [0, 3, 7]");
    }

    private static DoctorCheck CompatCheck(CompatFixState state, string? libstdcxx) => state switch
    {
        CompatFixState.NotNeeded => new("libstdc++ fix", CheckStatus.Ok, $"not needed: {libstdcxx} defines {LibstdcxxCompat.RequiredVersion}"),
        CompatFixState.Applied => new("libstdc++ fix", CheckStatus.Ok, $"in use: {libstdcxx} lacks {LibstdcxxCompat.RequiredVersion}, the build's shim supplies it"),
        CompatFixState.Missing => new("libstdc++ fix", CheckStatus.Fail, $"needed but not applied: {libstdcxx} lacks {LibstdcxxCompat.RequiredVersion}; rebuild with g++ installed"),
        _ => new("libstdc++ fix", CheckStatus.Info, "not applicable on this system"),
    };
}
