// The checks behind `drl-run doctor`. ONNX Runtime is exercised for real: a one-node model is built in memory,
// loaded and run, so a broken native library or a CPU it was not built for shows up here and not at arming time.
using System.Runtime.InteropServices;
using DrlRobot.Cli;
using Microsoft.ML.OnnxRuntime;

namespace DrlRobot.Runtime.Doctor;

/// <summary>What `drl-run doctor` found.</summary>
public sealed record RuntimeReport
{
    /// <summary>True when no check failed.</summary>
    public bool Ok => Checks.All(c => c.Status != CheckStatus.Fail);

    /// <summary>ONNX Runtime loaded and ran a model.</summary>
    public bool OnnxruntimeLoaded { get; init; }

    /// <summary>ONNX Runtime's version, when loaded.</summary>
    public string? OnnxruntimeVersion { get; init; }

    /// <summary>Execution providers ONNX Runtime offers.</summary>
    public IReadOnlyList<string> Providers { get; init; } = [];

    /// <summary>Process architecture, for example arm64.</summary>
    public string Architecture { get; init; } = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    /// <summary>The CPU or board model.</summary>
    public string CpuModel { get; init; } = "";

    /// <summary>Logical processors.</summary>
    public int ProcessorCount { get; init; } = Environment.ProcessorCount;

    /// <summary>GPIO character devices.</summary>
    public IReadOnlyList<DeviceNode> GpioChips { get; init; } = [];

    /// <summary>PWM chips.</summary>
    public IReadOnlyList<DeviceNode> PwmChips { get; init; } = [];

    /// <summary>I2C buses.</summary>
    public IReadOnlyList<DeviceNode> I2cBuses { get; init; } = [];

    /// <summary>Serial ports.</summary>
    public IReadOnlyList<DeviceNode> SerialPorts { get; init; } = [];

    /// <summary>Every check, in order.</summary>
    public IReadOnlyList<DoctorCheck> Checks { get; init; } = [];
}

/// <summary>Runs the runtime's environment checks.</summary>
public static class RuntimeDoctor
{
    /// <summary>Checks ONNX Runtime and lists devices with <paramref name="scanner"/>.</summary>
    public static RuntimeReport Run(DeviceScanner scanner)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        var checks = new List<DoctorCheck>();

        (bool loaded, string? version, IReadOnlyList<string> providers, DoctorCheck ortCheck) = CheckOnnxRuntime();
        checks.Add(ortCheck);

        string cpu = CpuModel();
        checks.Add(new DoctorCheck("cpu", CheckStatus.Ok,
            $"{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}, {Environment.ProcessorCount} logical processor(s){(cpu.Length > 0 ? ", " + cpu : "")}"));

        IReadOnlyList<DeviceNode> gpio = scanner.GpioChips();
        IReadOnlyList<DeviceNode> pwm = scanner.PwmChips();
        IReadOnlyList<DeviceNode> i2c = scanner.I2cBuses();
        IReadOnlyList<DeviceNode> serial = scanner.SerialPorts();
        checks.Add(DevicesCheck("gpio chips", gpio, "add the user to group 'gpio'"));
        checks.Add(DevicesCheck("pwm chips", pwm, "enable dtoverlay=pwm-2chan in config.txt and add a udev rule for /sys/class/pwm"));
        checks.Add(DevicesCheck("i2c buses", i2c, "enable dtparam=i2c_arm=on and add the user to group 'i2c'"));
        checks.Add(DevicesCheck("serial ports", serial, "add the user to group 'dialout'"));

        return new RuntimeReport
        {
            OnnxruntimeLoaded = loaded,
            OnnxruntimeVersion = version,
            Providers = providers,
            CpuModel = cpu,
            GpioChips = gpio,
            PwmChips = pwm,
            I2cBuses = i2c,
            SerialPorts = serial,
            Checks = checks,
        };
    }

    private static (bool, string?, IReadOnlyList<string>, DoctorCheck) CheckOnnxRuntime()
    {
        try
        {
            string version = OrtEnv.Instance().GetVersionString();
            string[] providers = OrtEnv.Instance().GetAvailableProviders();
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            using var session = new InferenceSession(ProbeModel.Bytes, options);
            float[] input = [1.5f, -2f];
            using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, 2]);
            using var outputs = session.Run(new RunOptions(), [ProbeModel.InputName], [inputValue], [ProbeModel.OutputName]);
            ReadOnlySpan<float> output = outputs[0].GetTensorDataAsSpan<float>();
            bool right = output.Length == 2 && output[0] == 1.5f && output[1] == 2f;
            var check = new DoctorCheck("onnxruntime", right ? CheckStatus.Ok : CheckStatus.Fail,
                right ? $"version {version}, ran a test model ({string.Join(", ", providers)})"
                      : $"version {version} ran a test model but gave a wrong result");
            return (right, version, providers, check);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or TypeInitializationException
                                      or EntryPointNotFoundException or BadImageFormatException)
        {
            string reason = (e.InnerException ?? e).Message.ReplaceLineEndings(" ");
            return (false, null, [], new DoctorCheck("onnxruntime", CheckStatus.Fail, $"cannot load or run: {reason}"));
        }
    }

    private static DoctorCheck DevicesCheck(string name, IReadOnlyList<DeviceNode> nodes, string hint)
    {
        if (nodes.Count == 0)
        {
            return new DoctorCheck(name, CheckStatus.Info, "none found");
        }
        string list = string.Join(", ", nodes.Select(n => Path.GetFileName(n.Path) + (n.Accessible ? "" : " (no access)")));
        bool allAccessible = nodes.All(n => n.Accessible);
        return new DoctorCheck(name, allAccessible ? CheckStatus.Ok : CheckStatus.Warn,
                               allAccessible ? list : $"{list}; to fix: {hint}");
    }

    private static string CpuModel()
    {
        const string board = "/proc/device-tree/model";
        if (File.Exists(board))
        {
            return File.ReadAllText(board).TrimEnd('\0', '\n');
        }
        if (File.Exists("/proc/cpuinfo"))
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        return "";
    }
}
