// drl-train's command line: usage errors exit 2 with one line and a --help hint on stderr; doctor --json prints one JSON object.
using System.Text.Json;
using DrlRobot.Trainer.Cli;

namespace DrlRobot.Trainer.Tests.Cli;

public class TrainerCliTests
{
    [Test]
    public void UnknownCommand_IsOneLineWithAHelpHint_Exit2()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "trian");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("trian").And.Contain("drl-train --help"));
            Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(2), "the error and where the usage is");
            Assert.That(stdout, Is.Empty);
        });
    }

    [TestCase("--steps", "1.5", "--steps: '1.5' is not a whole number")]
    [TestCase("--algo", "foo", "--algo: 'foo' is not one of dqn, ppo, sac, td3")]
    public void BadOptionValue_IsNamedInWords(string option, string value, string expected)
    {
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "train", option, value);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.StartWith($"drl-train: error: {expected}").And.Contain("`drl-train train --help`"));
        });
    }

    [Test]
    public void UnknownOption_Exits2()
    {
        (int code, _, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "doctor", "--fast");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(stderr, Does.Contain("--fast"));
        });
    }

    [Test]
    public void DoctorJson_ReportsLibtorchLoadedAsOneJsonObject()
    {
        (int code, string stdout, _) = ConsoleCapture.Run(TrainerCli.Run, "doctor", "--json");
        using JsonDocument report = JsonDocument.Parse(stdout);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(report.RootElement.GetProperty("libtorch_loaded").GetBoolean(), Is.True);
            Assert.That(report.RootElement.GetProperty("torchsharp_version").GetString(), Is.EqualTo("0.107.0"));
            Assert.That(report.RootElement.GetProperty("compat_fix").GetString(), Is.AnyOf("applied", "not_needed"));
        });
    }

    [Test]
    public void DeviceCudaWithoutCuda_Exits2_AndLeavesNoRunFolder()
    {
        DrlRobot.Trainer.Torch.TorchRuntime.EnsureLoaded();
        if (TorchSharp.torch.cuda.is_available())
        {
            Assert.Inconclusive("this machine has a CUDA device, so --device cuda is not refused here");
        }
        string run = Path.Combine(Path.GetTempPath(), "drl-no-cuda-" + Guid.NewGuid().ToString("N"));
        (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--env", "pendulum", "--steps", "1000", "--device", "cuda", "--out", run);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("no CUDA device is available"));
            Assert.That(Directory.Exists(run), Is.False, "nothing was created");
        });
    }

    [Test]
    public void DoctorDeviceCpu_StopsAndResumesEveryAlgorithmAndFindsTheSameCheckpoint()
    {
        (int code, string stdout, string stderr) = ConsoleCapture.Run(TrainerCli.Run, "doctor", "--device", "cpu", "--json");
        Assert.That(code, Is.EqualTo(0), stderr);
        using JsonDocument report = JsonDocument.Parse(stdout);
        JsonElement[] training = [.. report.RootElement.GetProperty("training").EnumerateArray()];
        Assert.That(training.Select(t => t.GetProperty("algo").GetString()), Is.EqualTo(new[] { "ppo", "sac", "td3", "dqn" }));
        foreach (JsonElement t in training)
        {
            long steps = t.GetProperty("steps").GetInt64(), stoppedAt = t.GetProperty("stopped_at").GetInt64();
            Assert.Multiple(() =>
            {
                // Stopped for real, part-way: the comparison is between a resumed run and an uninterrupted one.
                Assert.That(stoppedAt, Is.GreaterThan(0).And.LessThan(steps), t.GetProperty("algo").GetString());
                Assert.That(t.GetProperty("identical").GetBoolean(), Is.True, t.GetProperty("algo").GetString());
            });
        }
        Assert.That(report.RootElement.GetProperty("checks").EnumerateArray().Count(c => c.GetProperty("name").GetString()!.EndsWith(" on cpu")), Is.EqualTo(4));
    }

    [Test]
    public void DoctorDeviceCudaWithoutCuda_FailsTheCheckWithExit3()
    {
        DrlRobot.Trainer.Torch.TorchRuntime.EnsureLoaded();
        if (TorchSharp.torch.cuda.is_available())
        {
            Assert.Inconclusive("this machine has a CUDA device");
        }
        (int code, string stdout, _) = ConsoleCapture.Run(TrainerCli.Run, "doctor", "--device", "cuda");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(3));
            Assert.That(stdout, Does.Contain("no CUDA device is available"));
        });
    }

    [Test]
    public void DoctorJson_ReportsTheReproducibleMode()
    {
        (int code, string stdout, _) = ConsoleCapture.Run(TrainerCli.Run, "doctor", "--json");
        using JsonDocument report = JsonDocument.Parse(stdout);
        JsonElement numerics = report.RootElement.GetProperty("numerics");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0));
            Assert.That(numerics.GetProperty("source").GetString(), Is.AnyOf("trainer", "user"));
            if (numerics.GetProperty("active").ValueKind != JsonValueKind.Null)
            {
                Assert.That(numerics.GetProperty("reproducible").GetBoolean(), Is.True);
            }
        });
    }

    [Test]
    public void TrainingThatDiverges_Exits5_NamingTheLossAndTheStep()
    {
        // A learning rate of 1e30 with clipping off turns the policy loss into NaN within the first updates.
        string dir = Directory.CreateTempSubdirectory("drl-diverge-").FullName;
        try
        {
            string config = Path.Combine(dir, "diverge.json");
            File.WriteAllText(config, """
                {"num_envs": 4, "ppo": {"learning_rate": 1e30, "rollout_steps": 64, "minibatch_size": 64, "anneal_learning_rate": false, "max_grad_norm": 1e30}}
                """);
            (int code, _, string error) = ConsoleCapture.Run(TrainerCli.Run, "train", "--env", "pendulum", "--steps", "4096", "--config", config, "--out", Path.Combine(dir, "run"));
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(5), error);
                Assert.That(error.Trim(), Does.Match(@"^drl-train: error: training diverged: losses/\w+ became (NaN|-?∞|-?Infinity) at step \d+; "));
                Assert.That(error, Does.Not.Contain("Exception"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
