// drl-train: entry point.
using DrlRobot.Trainer.Cli;

return TrainerCli.Run(args);
