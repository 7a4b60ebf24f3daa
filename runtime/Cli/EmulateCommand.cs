// `drl-run emulate --env ID --port PATH`: the hardware-in-the-loop plant emulator. Plays the robot (simulator physics
// at the contract's rate on the wall clock, or as commands arrive with --lockstep) and its microcontroller (the firmware's watchdog and arming, with fault
// injection) at the far end of a serial link, until N episodes are done, the link is lost, or SIGINT/SIGTERM.
using System.CommandLine;
using System.Globalization;
using DrlRobot.Cli;
using DrlRobot.Runtime.Hil;

namespace DrlRobot.Runtime.Cli;

internal static class EmulateCommand
{
    /// <summary>The --json object.</summary>
    internal sealed record EmulateJson(string Env, int Episodes, double MeanReturn, double SuccessRate, long FramesReceived, long FramesRejected,
                                       long CommandsApplied, long CorruptedCommandsApplied, long WatchdogTrips, double MaxWatchdogLatencyMs,
                                       double MaxLoopGapMs, long HeldPeriods, string EndReason, IReadOnlyList<double> Returns);

    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "The environment the emulated robot is", Required = true };
        var port = new Option<string>("--port") { Description = "The serial port (the device end of the cable)", Required = true };
        var episodes = new Option<int>("--episodes") { Description = "Episodes to play", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the first episode (episode i uses seed + i) and of the faults", DefaultValueFactory = _ => 0 };
        var drop = new Option<double>("--drop") { Description = "Probability that a frame (either way) is lost" };
        var corrupt = new Option<double>("--corrupt") { Description = "Probability that a frame (either way) has bits flipped" };
        var delay = new Option<int>("--delay-ms") { Description = "Delay added to every frame, ms" };
        var watchdog = new Option<int>("--watchdog-ms") { Description = "The device's watchdog: no valid command for this long while armed → neutral", DefaultValueFactory = _ => 250 };
        var disconnectAt = new Option<double>("--disconnect-at") { Description = "Pull the cable once after this many seconds of flight (0: never)" };
        var disconnectMs = new Option<int>("--disconnect-ms") { Description = "How long the pulled cable stays out, ms", DefaultValueFactory = _ => 500 };
        var lockstep = new Option<bool>("--lockstep")
        {
            Description = "Step the robot when commands arrive instead of on the wall clock, with a held period for each command lost (the watchdog stays on the wall clock)",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object" };
        var command = new Command("emulate", "Hardware-in-the-loop plant emulator: the robot and its microcontroller on a serial port")
        {
            env, port, episodes, seed, drop, corrupt, delay, watchdog, disconnectAt, disconnectMs, lockstep, json,
        };
        command.SetAction(parse =>
        {
            var config = new EmulatorConfig
            {
                EnvId = parse.GetValue(env)!,
                Port = parse.GetValue(port)!,
                Episodes = parse.GetValue(episodes),
                Seed = parse.GetValue(seed),
                Drop = parse.GetValue(drop),
                Corrupt = parse.GetValue(corrupt),
                DelayMs = parse.GetValue(delay),
                WatchdogMs = parse.GetValue(watchdog),
                DisconnectAtSeconds = parse.GetValue(disconnectAt),
                DisconnectMs = parse.GetValue(disconnectMs),
                Lockstep = parse.GetValue(lockstep),
            };
            config.Validate();
            using var cancel = new CancellationTokenSource();
            using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
            using PlantEmulator emulator = PlantEmulator.Open(config);
            EmulatorResult result = emulator.Run(cancel.Token);
            return Report(config.EnvId, result, parse.GetValue(json));

            void Stop(System.Runtime.InteropServices.PosixSignalContext context)
            {
                context.Cancel = true;
                cancel.Cancel();
            }
        });
        return command;
    }

    internal static int Report(string env, EmulatorResult result, bool json)
    {
        if (json)
        {
            CliJson.Write(new EmulateJson(env, result.Episodes.Count, result.MeanReturn, result.SuccessRate, result.FramesReceived, result.FramesRejected,
                result.CommandsApplied, result.CorruptedCommandsApplied, result.WatchdogTrips, result.MaxWatchdogLatencyMs,
                result.MaxLoopGapMs, result.HeldPeriods, result.EndReason,
                [.. result.Episodes.Select(e => e.Return)]));
        }
        else
        {
            var o = Console.Out;
            o.WriteLine($"env           {env}");
            o.WriteLine($"episodes      {result.Episodes.Count} ({result.EndReason})");
            o.WriteLine($"return        {F(result.MeanReturn)}");
            o.WriteLine($"success rate  {F(result.SuccessRate)}");
            o.WriteLine($"frames        {result.FramesReceived} received, {result.FramesRejected} rejected, {result.CommandsApplied} commands applied");
            o.WriteLine($"corrupted     {result.CorruptedCommandsApplied} corrupted commands applied");
            o.WriteLine($"watchdog      {result.WatchdogTrips} trips, longest {F(result.MaxWatchdogLatencyMs)} ms after the last command");
            o.WriteLine($"device loop   longest gap {F(result.MaxLoopGapMs)} ms; {result.HeldPeriods} periods flown on held outputs (lockstep)");
        }
        return result.EndReason == "link_lost" ? ExitCodes.HardwareFailure : ExitCodes.Success;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
