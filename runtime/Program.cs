// drl-run: entry point.
using DrlRobot.Runtime.Cli;

return RuntimeCli.Run(args);
