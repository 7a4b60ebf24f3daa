// `drl-run hw MODEL --hardware FILE`: the policy on real outputs (GPIO/PWM/PCA9685/H-bridge), on a microcontroller over
// the serial link, or on the emulated board backed by the simulator, through the control loop and safety supervisor
// in real time. Config or contract mismatch (and a device that is another robot) exit 2, a missing bus, chip or port
// exits 3, a safety stop exits 4; SIGINT/SIGTERM end the run with every output neutral.
using DrlRobot.Sim.Metrics;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DrlRobot.Cli;
using DrlRobot.Hardware.Link;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Hil;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;

namespace DrlRobot.Runtime.Cli;

internal static class HwCommand
{
    /// <summary>The `link` object of the --json output.</summary>
    internal sealed record LinkJson(long FramesSent, long FramesReceived, long FramesRejected, bool? DeviceArmedAtEnd);

    /// <summary>The `emulated` object: the simulator's episodes behind an emulated board.</summary>
    internal sealed record EmulatedJson(int Episodes, double SuccessRate, double MeanReturn, double MeanLength);

    /// <summary>The `shadow` object: what the withheld commands were.</summary>
    internal sealed record ShadowJson(long ActiveTicks, IReadOnlyList<double> MeanAbsoluteCommand);

    /// <summary>The --json object.</summary>
    internal sealed record HwJson(string Robot, string Mode, long Ticks, long Overruns, long SkippedTicks, int SafetyStops, string ExitReason,
                                  string? StopDetail, double RateHz, double DeadlineErrorP99Us, double TickP99Us, double WallSeconds,
                                  LinkJson? Link, EmulatedJson? Emulated, ShadowJson? Shadow, string? TelemetryError,
                                  IReadOnlyList<ActuatorSmoothness> Smoothness);

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "An ONNX policy written by drl-train export" };
        var hardware = new Option<string>("--hardware") { Description = "The robot's hardware config (hardware/configs/*.json)", Required = true };
        var port = new Option<string?>("--port") { Description = "Serial port, overriding the config's link.port" };
        var duration = new Option<double?>("--duration") { Description = "End after this many seconds" };
        var shadow = new Option<bool>("--shadow") { Description = "Read real inputs and run the policy, but keep every output neutral" };
        var telemetry = new Option<string?>("--telemetry") { Description = "Write per-tick telemetry to FILE (.csv for CSV, else binary)" };
        var safety = new Option<string?>("--safety") { Description = "Safety limits JSON (arming, slew rates, observation margin, input age)" };
        var killFile = new Option<string?>("--kill-file") { Description = "Stop (exit 4) as soon as this file exists" };
        var episodes = new Option<int>("--episodes") { Description = "Emulated board: episodes the simulator plays", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Emulated board: seed of the first episode", DefaultValueFactory = _ => 0 };
        var priority = new Option<int?>("--rt-priority") { Description = "SCHED_FIFO priority 1-99 for the loop thread (Linux; reported if not permitted)" };
        var cpu = new Option<int?>("--cpu") { Description = "Pin the loop thread to this CPU (Linux)" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object" };
        var command = new Command("hw", "Drive real (or emulated) hardware through the control loop and safety supervisor")
        {
            model, hardware, port, duration, shadow, telemetry, safety, killFile, episodes, seed, priority, cpu, json,
        };
        command.SetAction(parse =>
        {
            var config = new HardwareRunConfig
            {
                HardwarePath = parse.GetValue(hardware)!,
                Port = parse.GetValue(port),
                DurationSeconds = parse.GetValue(duration),
                Shadow = parse.GetValue(shadow),
                TelemetryPath = parse.GetValue(telemetry),
                EmulatedEpisodes = parse.GetValue(episodes),
                Seed = parse.GetValue(seed),
                RealtimePriority = parse.GetValue(priority),
                Cpu = parse.GetValue(cpu),
                Safety = parse.GetValue(safety) is { } path ? SafetyConfig.Load(path) : new SafetyConfig(),
            };
            config.Validate();
            using var policy = new OnnxPolicy(parse.GetValue(model)!);
            using var signals = new SignalKillSwitch();
            using FileKillSwitch? file = parse.GetValue(killFile) is { } killPath ? new FileKillSwitch(killPath) : null;
            IKillSwitch[] switches = file is null ? [signals] : [signals, file];
            return Execute(policy, config, switches, parse.GetValue(json));
        });
        return command;
    }

    /// <summary>Runs and reports; a device that is another robot is bad input (exit 2), not a hardware failure.</summary>
    internal static int Execute(IPolicy policy, HardwareRunConfig config, IReadOnlyList<IKillSwitch> switches, bool json)
    {
        HardwareRunResult result;
        try
        {
            result = HardwareRun.Run(policy, config, switches);
        }
        catch (LinkRefusedException e)
        {
            throw new CliException(ExitCodes.BadInput, $"refused: {e.Message}; nothing was armed", e);
        }
        return Report(result, json);
    }

    internal static int Report(HardwareRunResult result, bool json)
    {
        LoopResult loop = result.Loop;
        bool abort = loop.StopReason.IsSafetyAbort();
        string reason = JsonNamingPolicy.SnakeCaseLower.ConvertName(loop.StopReason.ToString());
        string? detail = result.FaultDetail ?? loop.StopDetail;
        EmulatedJson? emulated = result.Episodes is { } eps
            ? new EmulatedJson(eps.Count, eps.Count == 0 ? 0 : eps.Count(e => e.Success) / (double)eps.Count,
                               eps.Count == 0 ? 0 : eps.Average(e => e.Return), eps.Count == 0 ? 0 : eps.Average(e => e.Length))
            : null;
        if (json)
        {
            CliJson.Write(new HwJson(result.Robot, result.Mode, loop.Ticks, loop.Overruns, loop.SkippedTicks, abort ? 1 : 0, reason, detail,
                loop.RateHz, loop.DeadlineErrorP99Us, loop.TickP99Us, loop.WallSeconds,
                result.Link is { } l ? new LinkJson(l.FramesSent, l.FramesReceived, l.FramesRejected, result.DeviceArmedAtEnd) : null,
                emulated,
                result.ShadowActiveTicks is { } active ? new ShadowJson(active, result.ShadowMeanAbsoluteCommand ?? []) : null,
                loop.TelemetryFailure, loop.Smoothness));
        }
        else
        {
            var o = Console.Out;
            o.WriteLine($"robot         {result.Robot} ({result.Mode})");
            o.WriteLine($"loop          {F(loop.RateHz)} Hz, {loop.Ticks} ticks, {loop.Overruns} overruns, {F(loop.WallSeconds)} s");
            o.WriteLine($"deadline err  p99 {F(loop.DeadlineErrorP99Us)} µs; tick p99 {F(loop.TickP99Us)} µs");
            if (result.Link is { } link)
            {
                o.WriteLine($"link          {link.FramesSent} sent, {link.FramesReceived} received, {link.FramesRejected} rejected");
            }
            if (emulated is not null)
            {
                o.WriteLine($"emulated      {emulated.Episodes} episodes, success rate {F(emulated.SuccessRate)}, return {F(emulated.MeanReturn)}");
            }
            if (result.ShadowActiveTicks is { } active)
            {
                o.WriteLine($"shadow        outputs held neutral; the policy would have moved them on {active} ticks");
            }
            SimCommand.PrintSmoothness(o, loop);
            o.WriteLine($"stop          {reason}{(detail is null ? "" : $" ({detail})")}");
        }
        if (abort)
        {
            Console.Error.WriteLine($"{RuntimeCli.Tool}: safety stop: {reason}{(detail is null ? "" : $" ({detail})")}; outputs neutral");
            return ExitCodes.SafetyAbort;
        }
        if (loop.TelemetryFailure is { } failure)
        {
            Console.Error.WriteLine($"{RuntimeCli.Tool}: error: {failure}");
            return ExitCodes.HardwareFailure;
        }
        return ExitCodes.Success;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
