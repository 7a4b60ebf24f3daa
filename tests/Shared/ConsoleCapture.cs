// Runs a command-line entry point with stdout and stderr captured (linked into the test projects that need it).
namespace DrlRobot.Tests.Shared;

internal static class ConsoleCapture
{
    private static readonly Lock Gate = new();

    public static (int ExitCode, string Out, string Error) Run(Func<string[], int> main, params string[] args)
    {
        lock (Gate)
        {
            TextWriter oldOut = Console.Out, oldError = Console.Error;
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                int code = main(args);
                return (code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}
