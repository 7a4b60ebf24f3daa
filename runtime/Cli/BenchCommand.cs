// `drl-run bench MODEL`: per-tick latency of inference + safety supervisor, with bytes allocated per tick, beside a
// naive ONNX Runtime call (fresh input and output per call, default session options) timed in the same run.
using System.CommandLine;
using System.Globalization;
using DrlRobot.Cli;
using DrlRobot.Runtime.Control;

namespace DrlRobot.Runtime.Cli;

internal static class BenchCommand
{
    /// <summary>The naive call's figures in the --json object.</summary>
    internal sealed record NaiveJson(long Iterations, double P50Us, double P99Us, double P999Us, double MaxUs, double AllocatedBytesPerStep);

    /// <summary>The --json object.</summary>
    internal sealed record BenchJson(string Model, long Iterations, double P50Us, double P99Us, double P999Us, double MaxUs,
                                     double AllocatedBytesPerStep, NaiveJson Naive, double NaiveP50Ratio, double NaiveP99Ratio);

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "An ONNX policy written by drl-train export" };
        var iterations = new Option<int>("--iterations") { Description = "Ticks timed (the naive call is timed as often)", DefaultValueFactory = _ => 100_000 };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object" };
        var command = new Command("bench", "Per-tick inference + safety latency, against a naive ONNX Runtime call") { model, iterations, json };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(iterations);
            if (n < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(iterations), n, "--iterations must be at least 1");
            }
            string path = parse.GetValue(model)!;
            BenchResult result = PolicyBench.Run(path, n);
            LatencyStats r = result.Runtime, v = result.Naive;
            if (parse.GetValue(json))
            {
                CliJson.Write(new BenchJson(path, r.Iterations, r.P50Us, r.P99Us, r.P999Us, r.MaxUs, r.AllocatedBytesPerStep,
                    new NaiveJson(v.Iterations, v.P50Us, v.P99Us, v.P999Us, v.MaxUs, v.AllocatedBytesPerStep),
                    result.NaiveP50Ratio, result.NaiveP99Ratio));
                return ExitCodes.Success;
            }
            var o = Console.Out;
            o.WriteLine($"model      {path}");
            o.WriteLine($"{"",-10} {"p50 µs",9} {"p99 µs",9} {"p99.9 µs",9} {"max µs",9} {"bytes/step",11}");
            o.WriteLine(Row("runtime", r));
            o.WriteLine(Row("naive", v));
            o.WriteLine($"naive / runtime: p50 ×{F(result.NaiveP50Ratio)}, p99 ×{F(result.NaiveP99Ratio)} ({r.Iterations} ticks each)");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Row(string name, LatencyStats s) =>
        $"{name,-10} {F(s.P50Us),9} {F(s.P99Us),9} {F(s.P999Us),9} {F(s.MaxUs),9} {F(s.AllocatedBytesPerStep),11}";

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
