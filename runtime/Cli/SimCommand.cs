// `drl-run sim MODEL`: a dry run of a policy file through the full control loop and safety supervisor against the
// simulator its contract names. As fast as possible by default, paced by the wall clock with --realtime. A safety
// stop prints its reason on stderr and exits 4; SIGINT/SIGTERM end the run with neutral outputs.
using DrlRobot.Sim.Metrics;
using System.CommandLine;
using System.Globalization;
using DrlRobot.Cli;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Policy;
using DrlRobot.Runtime.Safety;

namespace DrlRobot.Runtime.Cli;

internal static class SimCommand
{
    /// <summary>The `loop` object of the --json output.</summary>
    /// <param name="P50Us">Median deadline error when paced (--realtime), median tick duration otherwise.</param>
    /// <param name="P99Us">99th percentile of the same.</param>
    /// <param name="Overruns">Ticks skipped because the previous tick ran past their deadline.</param>
    internal sealed record LoopJson(double RateHz, bool Realtime, string Measure, double P50Us, double P99Us, double MaxUs,
                                    long Overruns, long Ticks, double TickP50Us, double TickP99Us, long ClampedTicks,
                                    long SlewLimitedTicks, long TelemetryDropped, IReadOnlyList<string> Notes);

    /// <summary>The --json object.</summary>
    internal sealed record SimJson(string Env, int Episodes, double MeanReturn, double StdReturn, double SuccessRate, double MeanLength,
                                   LoopJson Loop, StopReason StopReason, string? StopDetail, IReadOnlyList<double> Returns,
                                   string? TelemetryError, IReadOnlyList<ActuatorSmoothness> Smoothness);

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "An ONNX policy written by drl-train export" };
        var episodes = new Option<int>("--episodes") { Description = "Episodes to run", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the first episode (episode i uses seed + i)", DefaultValueFactory = _ => 0 };
        var realtime = new Option<bool>("--realtime") { Description = "Pace ticks by the wall clock at the control rate" };
        var randomize = new Option<bool>("--randomize") { Description = "Domain randomisation of physics and sensing per episode" };
        var telemetry = new Option<string?>("--telemetry") { Description = "Write per-tick telemetry to FILE (.csv for CSV, else binary)" };
        var rate = new Option<double?>("--rate") { Description = "Override the contract's control rate, Hz" };
        var safety = new Option<string?>("--safety") { Description = "Safety limits JSON (arming, slew rates, observation margin, input age)" };
        var killFile = new Option<string?>("--kill-file") { Description = "Stop (exit 4) as soon as this file exists" };
        var duration = new Option<double?>("--duration") { Description = "End after this many seconds of control time even if episodes remain" };
        var priority = new Option<int?>("--rt-priority") { Description = "SCHED_FIFO priority 1-99 for the loop thread (Linux; reported if not permitted)" };
        var cpu = new Option<int?>("--cpu") { Description = "Pin the loop thread to this CPU (Linux)" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object" };
        var command = new Command("sim", "Dry run: the full control loop and safety supervisor against the simulator")
        {
            model, episodes, seed, realtime, randomize, telemetry, rate, duration, priority, cpu, safety, killFile, json,
        };
        command.SetAction(parse =>
        {
            SafetyConfig limits = parse.GetValue(safety) is { } safetyPath ? SafetyConfig.Load(safetyPath) : new DryRunConfig().Safety;
            var config = new DryRunConfig
            {
                Episodes = parse.GetValue(episodes),
                Seed = parse.GetValue(seed),
                Realtime = parse.GetValue(realtime),
                Randomize = parse.GetValue(randomize),
                TelemetryPath = parse.GetValue(telemetry),
                RateHz = parse.GetValue(rate),
                DurationSeconds = parse.GetValue(duration),
                RealtimePriority = parse.GetValue(priority),
                Cpu = parse.GetValue(cpu),
                Safety = limits,
            };
            config.Validate();
            using var policy = new OnnxPolicy(parse.GetValue(model)!);
            using var signals = new SignalKillSwitch();
            using FileKillSwitch? file = parse.GetValue(killFile) is { } killPath ? new FileKillSwitch(killPath) : null;
            IKillSwitch[] switches = file is null ? [signals] : [signals, file];
            DryRunResult result = DryRun.Run(policy, config, switches);
            return Report(result, parse.GetValue(json));
        });
        return command;
    }

    internal static int Report(DryRunResult result, bool json)
    {
        LoopResult loop = result.Loop;
        bool paced = loop.Realtime;
        if (json)
        {
            CliJson.Write(new SimJson(result.EnvId, result.Episodes.Count, result.MeanReturn, result.StdReturn, result.SuccessRate, result.MeanLength,
                new LoopJson(loop.RateHz, paced, paced ? "deadline_error" : "tick_time",
                             paced ? loop.DeadlineErrorP50Us : loop.TickP50Us, paced ? loop.DeadlineErrorP99Us : loop.TickP99Us,
                             paced ? loop.DeadlineErrorMaxUs : loop.TickMaxUs, loop.SkippedTicks, loop.Ticks, loop.TickP50Us,
                             loop.TickP99Us, loop.ClampedTicks, loop.SlewLimitedTicks, loop.TelemetryDropped, loop.Notes),
                loop.StopReason, loop.StopDetail, [.. result.Episodes.Select(e => e.Return)], loop.TelemetryFailure, loop.Smoothness));
        }
        else
        {
            var o = Console.Out;
            o.WriteLine($"env           {result.EnvId}");
            o.WriteLine($"episodes      {result.Episodes.Count}");
            o.WriteLine($"return        {F(result.MeanReturn)} ± {F(result.StdReturn)}");
            o.WriteLine($"success rate  {F(result.SuccessRate)}");
            o.WriteLine($"mean length   {F(result.MeanLength)}");
            o.WriteLine($"loop          {F(loop.RateHz)} Hz, {(paced ? "realtime" : "as fast as possible")}, {loop.Ticks} ticks, {loop.SkippedTicks} skipped");
            if (paced)
            {
                o.WriteLine($"deadline err  p50 {F(loop.DeadlineErrorP50Us)} µs, p99 {F(loop.DeadlineErrorP99Us)} µs, max {F(loop.DeadlineErrorMaxUs)} µs");
            }
            o.WriteLine($"tick time     p50 {F(loop.TickP50Us)} µs, p99 {F(loop.TickP99Us)} µs, max {F(loop.TickMaxUs)} µs");
            PrintSmoothness(o, loop);
            o.WriteLine($"stop          {Reason(loop)}");
            foreach (string note in loop.Notes)
            {
                o.WriteLine($"os            {note}");
            }
        }
        if (loop.StopReason.IsSafetyAbort())
        {
            Console.Error.WriteLine($"{RuntimeCli.Tool}: safety stop: {Reason(loop)}; outputs neutral");
            return ExitCodes.SafetyAbort;
        }
        if (loop.TelemetryFailure is { } failure)
        {
            Console.Error.WriteLine($"{RuntimeCli.Tool}: error: {failure}");
            return ExitCodes.HardwareFailure;
        }
        return ExitCodes.Success;
    }

    /// <summary>One line per actuator: mean |Δu| per tick and the share of command energy above a quarter of the rate.</summary>
    internal static void PrintSmoothness(TextWriter o, LoopResult loop)
    {
        string band = F(loop.RateHz / 4);
        foreach (ActuatorSmoothness s in loop.Smoothness)
        {
            string share = s.HighFrequencyShare is double h ? $"{F(h * 100)} % of its energy above {band} Hz" : "too short for a spectrum";
            o.WriteLine($"smoothness    {s.Actuator}: mean |Δu| {F(s.MeanAbsDelta)} per tick, {share}");
        }
    }

    internal static string Reason(LoopResult loop)
    {
        string name = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(loop.StopReason.ToString());
        return loop.StopDetail is null ? name : $"{name} ({loop.StopDetail})";
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
