// `drl-train report DIR`: a sweep's results per configuration (median, IQM with its 95 % stratified-bootstrap
// interval, success rate), ranked, with learning curves and every trial that did not finish named.
using System.CommandLine;
using DrlRobot.Cli;
using DrlRobot.Trainer.Runs;
using DrlRobot.Trainer.Sweeps;

namespace DrlRobot.Trainer.Cli;

internal static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Sweep folder (made by drl-train sweep)" };
        var output = new Option<string?>("--out") { Description = "Write the report as Markdown here, and its learning curves beside it (NAME.curves.png, or NAME.curves-ENV.png per env)" };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var command = new Command("report", "Sum up a sweep: IQM and 95 % bootstrap intervals over seeds, ranking, learning curves, unfinished trials") { dir, output, json };
        command.SetAction(parse =>
        {
            var folder = new SweepFolder(parse.GetValue(dir)!);
            SweepReportData report = SweepReport.Build(folder);
            string? markdownPath = parse.GetValue(output);
            IReadOnlyList<string> curves = [];
            if (markdownPath is not null)
            {
                curves = SweepReport.WriteCurves(folder, report, Path.ChangeExtension(markdownPath, ".curves.png"));
                string relativeTo = Path.GetDirectoryName(Path.GetFullPath(markdownPath))!;
                AtomicFile.WriteText(markdownPath, SweepReport.ToMarkdown(report, [.. curves.Select(png => Path.GetRelativePath(relativeTo, png))]));
            }
            if (parse.GetValue(json))
            {
                CliJson.Write(report);
            }
            else if (markdownPath is null)
            {
                Console.Write(SweepReport.ToMarkdown(report, []));
            }
            else
            {
                Console.WriteLine($"wrote {string.Join(", ", new[] { markdownPath }.Concat(curves))}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
