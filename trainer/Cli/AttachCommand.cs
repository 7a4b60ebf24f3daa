// `drl-train attach FOREIGN.onnx --env ID --out FILE`: a policy trained in another framework becomes a DrlRobot
// policy file that drl-run flies on the simulator, the emulated board or the robot (see README, "Policies from other
// frameworks"). Every refusal is one line naming what to pass.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Sim;
using DrlRobot.Sim.Contracts;
using DrlRobot.Trainer.Attach;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Training;

namespace DrlRobot.Trainer.Cli;

internal static class AttachCommand
{
    public static Command Create()
    {
        var foreign = new Argument<string>("FOREIGN") { Description = "An ONNX policy exported by another framework (torch.onnx.export, SB3, onnx.helper)" };
        var env = new Option<string>("--env") { Description = "The environment whose contract the policy was trained for (see `drl-train envs`)", Required = true };
        var output = new Option<string>("--out") { Description = "The DrlRobot policy file to write", Required = true };
        var input = new Option<string?>("--input") { Description = "The foreign graph's observation input, when it has several" };
        var action = new Option<string?>("--output") { Description = "The foreign graph's action output, when it has several (SB3: actions, values, log_prob)" };
        var normalizer = new Option<string?>("--normalizer") { Description = "Observation statistics to bake in: JSON {mean, var, epsilon, clip_obs} or .npz (SB3 VecNormalize)" };
        var space = new Option<ActionSpace>("--action-space") { Description = "actuator: outputs are in actuator units; unit: in [-1, 1], scaled to each actuator's range", DefaultValueFactory = _ => ActionSpace.Actuator };
        var check = new Option<bool>("--check") { Description = "Fly the written file in the simulator and print how it did" };
        var episodes = new Option<int>("--episodes") { Description = "Episodes for --check", DefaultValueFactory = _ => 20 };
        var command = new Command("attach", "Give an ONNX policy trained elsewhere our contract and layout, so drl-run flies it")
        {
            foreign, env, output, input, action, normalizer, space, check, episodes,
        };
        command.SetAction(parse =>
        {
            string envId = parse.GetValue(env)!;
            if (!EnvRegistry.Ids.Contains(envId))
            {
                throw new ArgumentException($"--env {envId}: unknown environment; valid ids: {string.Join(", ", EnvRegistry.Ids)}");
            }
            int count = parse.GetValue(episodes);
            if (count is <= 0 or > 100_000)
            {
                throw new ArgumentException("--episodes must be from 1 to 100000");
            }
            RobotContract contract = EnvRegistry.GetContract(envId);
            var options = new AttachOptions
            {
                Contract = contract,
                Input = parse.GetValue(input),
                Output = parse.GetValue(action),
                Normalizer = parse.GetValue(normalizer) is { } stats ? ObservationNormalizer.Read(stats) : null,
                ActionSpace = parse.GetValue(space),
            };
            string source = parse.GetValue(foreign)!, target = parse.GetValue(output)!;
            byte[] bytes = ForeignPolicy.Attach(source, options);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            AtomicFile.Write(target, stream => stream.Write(bytes));
            Console.WriteLine($"wrote {target}: {contract.EnvId} v{contract.EnvVersion}, obs [batch, {contract.Observations.Count}] -> action [batch, {contract.Actuators.Count}]");
            if (parse.GetValue(check))
            {
                EvalResult result = AttachedPolicyCheck.Fly(target, envId, count, seed: 0x5EED_A77AC4UL);
                Console.WriteLine($"check: {result.Env}, {result.Episodes} episodes, mean return {result.MeanReturn:0.0} ± {result.StdReturn:0.0}, " +
                                  $"success {result.SuccessRate:P0}, mean length {result.MeanLength:0}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
