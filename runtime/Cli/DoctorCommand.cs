// `drl-run doctor`: can this device run a policy? ONNX Runtime, CPU, GPIO/PWM/I2C and serial devices, permissions.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Runtime.Doctor;

namespace DrlRobot.Runtime.Cli;

internal static class DoctorCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var command = new Command("doctor", "Check ONNX Runtime, the CPU, GPIO/PWM chips, I2C buses, serial ports and permissions")
        {
            json,
        };
        command.SetAction(parse =>
        {
            RuntimeReport report = RuntimeDoctor.Run(new DeviceScanner());
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
}
