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
            // Errors and the usage of the command that was meant both go to stderr; stdout stays clean for --json.
            parse.Invoke(new InvocationConfiguration { Output = Console.Error, Error = Console.Error });
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

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
