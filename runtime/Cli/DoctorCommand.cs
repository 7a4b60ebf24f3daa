// `drl-run doctor`: can this device run a policy? ONNX Runtime, CPU, GPIO/PWM/I2C and serial devices, permissions;
// with --hardware FILE, also every bus, chip, port and UDP port that config needs, and whether it is there.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Hardware.Config;
using DrlRobot.Runtime.Doctor;

namespace DrlRobot.Runtime.Cli;

internal static class DoctorCommand
{
    public static Command Create()
    {
        var hardware = new Option<string?>("--hardware") { Description = "Also check what this hardware config needs (buses, chips, ports)" };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var command = new Command("doctor", "Check ONNX Runtime, the CPU, GPIO/PWM chips, I2C buses, serial ports and permissions")
        {
            hardware, json,
        };
        command.SetAction(parse =>
        {
            RuntimeReport report = RuntimeDoctor.Run(new DeviceScanner());
            if (parse.GetValue(hardware) is { } path)
            {
                report = WithHardware(report, HardwareConfigJson.Load(path), Path.GetFileName(path));
            }
            if (parse.GetValue(json))
            {
                CliJson.Write(report);
            }
            else
            {
                DoctorCheck.PrintPlain(report.Checks, Console.Out);
                Console.Out.WriteLine(report.Ok ? "drl-run can run policies on this machine."
                                                : "drl-run cannot run policies on this machine: see the failed checks.");
            }
            return report.Ok ? ExitCodes.Success : ExitCodes.HardwareFailure;
        });
        return command;
    }

    /// <summary>Adds one check per need of <paramref name="config"/> (HardwareRequirements): missing or forbidden ones fail.</summary>
    internal static RuntimeReport WithHardware(RuntimeReport report, HardwareConfig config, string label,
                                               string devDirectory = "/dev", string pwmDirectory = "/sys/class/pwm")
    {
        IReadOnlyList<RequirementCheck> needs = HardwareRequirements.Check(config, devDirectory, pwmDirectory);
        DoctorCheck[] checks = [.. needs.Select(n => new DoctorCheck($"{label}: {n.User}", n.Ok ? CheckStatus.Ok : CheckStatus.Fail, $"{n.Needs}: {n.Detail}"))];
        if (checks.Length == 0)
        {
            checks = [new DoctorCheck(label, CheckStatus.Info, "needs no device of this machine")];
        }
        return report with { Checks = [.. report.Checks, .. checks] };
    }
}
