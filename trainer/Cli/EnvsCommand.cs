// `drl-train envs`: lists the simulated environments and the contracts a policy trained on them will carry.
using System.CommandLine;
using System.Globalization;
using DrlRobot.Cli;
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Trainer.Cli;

internal static class EnvsCommand
{
    /// <summary>One environment as `envs --json` prints it.</summary>
    internal sealed record EnvInfo(string Id, IReadOnlyList<ObservationSpec> Observations, IReadOnlyList<ActuatorSpec> Actuators,
                                   double ControlHz, ActionKind ActionKind);

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the environments as one JSON array" };
        var contract = new Option<string?>("--contract") { Description = "Print the robot contract of env ID exactly as policy files carry it and drl-run reads it" };
        var command = new Command("envs", "List the environments with their observations, actuators and control rate")
        {
            json, contract,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(contract) is { } id)
            {
                if (!EnvRegistry.Ids.Contains(id))
                {
                    throw new ArgumentException($"--contract {id}: unknown environment; valid ids: {string.Join(", ", EnvRegistry.Ids)}");
                }
                Console.WriteLine(ContractJson.Serialize(EnvRegistry.GetContract(id)));
                return ExitCodes.Success;
            }
            EnvInfo[] envs = [.. EnvRegistry.Ids.Select(Describe)];
            if (parse.GetValue(json))
            {
                CliJson.Write(envs);
            }
            else
            {
                Print(envs, Console.Out);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    internal static EnvInfo Describe(string id)
    {
        RobotContract c = EnvRegistry.GetContract(id);
        return new EnvInfo(id, c.Observations, c.Actuators, c.ControlHz, c.ActionKind);
    }

    private static void Print(IEnumerable<EnvInfo> envs, TextWriter o)
    {
        foreach (EnvInfo env in envs)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{env.Id}  ({env.ControlHz:0.##} Hz, {env.ActionKind.ToString().ToLowerInvariant()} actions)"));
            o.WriteLine("  observations: " + string.Join(", ", env.Observations.Select(s =>
                string.Create(CultureInfo.InvariantCulture, $"{s.Name} [{s.Low:0.###}, {s.High:0.###}] {s.Unit}"))));
            o.WriteLine("  actuators:    " + string.Join(", ", env.Actuators.Select(a =>
                string.Create(CultureInfo.InvariantCulture, $"{a.Name} ({a.Kind.ToString().ToLowerInvariant()}) [{a.Low:0.###}, {a.High:0.###}] {a.Unit}"))));
        }
    }
}
