// Runs a command line with DrlRobot's conventions: usage errors exit 2, user errors are one line on stderr,
// stack traces only with --verbose. Compiled into both drl-train and drl-run.
using System.CommandLine;
using System.Text.Json;

namespace DrlRobot.Cli;

/// <summary>The exit codes every DrlRobot command uses (see ARCHITECTURE.md).</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected internal failure.</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: usage, config, model or contract mismatch.</summary>
    public const int BadInput = 2;

    /// <summary>A hardware, link or environment failure.</summary>
    public const int HardwareFailure = 3;

    /// <summary>The safety supervisor stopped the robot.</summary>
    public const int SafetyAbort = 4;

    /// <summary>drl-train: a loss became NaN or infinite (lower the learning rate; the last good checkpoint is named).</summary>
    public const int TrainingDiverged = 5;
}

/// <summary>A failure the user must see as one line, with the exit code it maps to.</summary>
public sealed class CliException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The process exit code for this failure.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>Parses, invokes and maps failures to exit codes.</summary>
public static class CliHost
{
    /// <summary>Shows the stack trace of a failure as well as its one-line message.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Print stack traces of failures",
        Recursive = true,
    };

    /// <summary>Runs <paramref name="root"/> on <paramref name="args"/> and returns the process exit code.</summary>
    public static int Run(RootCommand root, string tool, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.Options.Contains(Verbose))
        {
            root.Options.Add(Verbose);
        }
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line saying what is wrong and one saying where the usage is, on stderr (stdout stays clean for --json);
            // the full usage is a --help away rather than 25 lines that push the error off the screen.
            List<string> errors = parse.Errors.Select(e => ParseError(e.Message)).Distinct().ToList();
            if (errors.Count > 1)
            {
                // "trian" is both an unknown word and the missing command: the unknown word says more.
                errors.Remove(ParseError("Required command was not provided."));
            }
            Console.Error.WriteLine($"{tool}: error: {string.Join("; ", errors)}");
            Console.Error.WriteLine($"{tool}: see `{CommandPath(tool, parse.CommandResult)} --help` for its usage");
            return ExitCodes.BadInput;
        }
        bool verbose = parse.GetValue(Verbose);
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            (int code, string message) = Classify(e);
            Console.Error.WriteLine($"{tool}: error: {message}");
            if (verbose)
            {
                Console.Error.WriteLine(e);
            }
            return code;
        }
    }

    /// <summary>Maps an exception to its exit code and a one-line message.</summary>
    public static (int Code, string Message) Classify(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string message = OneLine(e.Message);
        return e switch
        {
            CliException cli => (cli.ExitCode, message),
            ArgumentException or FormatException or InvalidDataException or JsonException or FileNotFoundException
                or DirectoryNotFoundException => (ExitCodes.BadInput, message),
            OperationCanceledException => (ExitCodes.Success, "cancelled"),
            IOException or UnauthorizedAccessException => (ExitCodes.HardwareFailure, message),
            _ => (ExitCodes.InternalError, $"{e.GetType().Name}: {message} (run with --verbose for details)"),
        };
    }

    private static string CommandPath(string tool, System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? node = result; node is not null; node = node.Parent)
        {
            if (node is System.CommandLine.Parsing.CommandResult command)
            {
                names.Add(command.Parent is null ? tool : command.Command.Name);
            }
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    // System.CommandLine names the CLR type it wanted ("System.Nullable`1[System.Int64]"); a user wants it in words.
    private static string ParseError(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(OneLine(message), @"^Cannot parse argument '(.*)' for option '(.*?)' as expected type '(.*?)'\.(?: Did you mean one of the following\? (.*))?$");
        if (match.Success)
        {
            string type = match.Groups[3].Value;
            string expected = match.Groups[4].Success ? "one of " + string.Join(", ", match.Groups[4].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant()))
                : type.Contains("Int", StringComparison.Ordinal) ? "a whole number"
                : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) ? "a number"
                : "a valid value";
            return $"{match.Groups[2].Value}: '{match.Groups[1].Value}' is not {expected}";
        }
        return OneLine(message).TrimEnd('.');
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
