// `rover`: DC motors on their torque–speed line, tyres that slip, the goal seen in the body frame, success only when
// stopped on the goal, and a heuristic that gets there in at least 90 % of episodes.
using DrlRobot.Sim.Envs.Rover;
using static DrlRobot.Sim.Envs.Rover.RoverConstants;

namespace DrlRobot.Sim.Tests.Envs;

public class RoverTests
{
    private static (RoverEnv Env, float[] Obs) Create(float goalX = 4f, float goalY = 0f)
    {
        var env = new RoverEnv(1, null) { AutoReset = false };
        var obs = new float[7];
        env.Reset(1, obs);
        env.SetGoal(0, goalX, goalY, obs);
        return (env, obs);
    }

    private static StepOutcome Drive(RoverEnv env, float[] obs, float left, float right, int steps)
    {
        var rewards = new float[1];
        var terminated = new bool[1];
        for (int i = 0; i < steps && !terminated[0]; i++)
        {
            env.Step([left, right], obs, rewards, terminated, new bool[1]);
        }
        return new StepOutcome(rewards[0], terminated[0], env.Success[0]);
    }

    private readonly record struct StepOutcome(float Reward, bool Terminated, bool Success);

    [Test]
    public void FullCommand_ReachesTheSpeedWhereMotorTorqueMeetsFriction()
    {
        // Steady state: stall (1 - w / free) - friction w = radius × rolling resistance × (radius w) / 2 per wheel.
        (RoverEnv env, float[] obs) = Create();
        using (env)
        {
            Drive(env, obs, 1f, 1f, 60);
            float wheel = StallTorque / ((StallTorque / FreeSpeed) + WheelFriction + (WheelRadius * WheelRadius * RollingResistance / 2f));
            var motion = env.Motion(0);
            Assert.Multiple(() =>
            {
                Assert.That(motion.WheelLeft, Is.EqualTo(wheel).Within(0.01 * wheel));
                Assert.That(motion.Forward, Is.EqualTo(WheelRadius * wheel).Within(0.01 * WheelRadius * wheel));
                Assert.That(motion.YawRate, Is.EqualTo(0f).Within(1e-4));
            });
        }
    }

    [Test]
    public void OppositeCommands_TurnOnTheSpot()
    {
        (RoverEnv env, float[] obs) = Create();
        using (env)
        {
            Drive(env, obs, -0.6f, 0.6f, 5);
            var motion = env.Motion(0);
            Assert.Multiple(() =>
            {
                Assert.That(motion.Forward, Is.EqualTo(0f).Within(1e-3));
                Assert.That(motion.YawRate, Is.GreaterThan(2f), "right forward, left back: counter-clockwise");
                Assert.That(obs[1], Is.Negative, "the goal, ahead at the start, is now to the right");
            });
        }
    }

    [Test]
    public void FlooringTheMotorsFromRest_SpinsTheWheelsFasterThanTheGround()
    {
        (RoverEnv env, float[] obs) = Create();
        using (env)
        {
            Drive(env, obs, 1f, 1f, 1);
            var motion = env.Motion(0);
            Assert.That(WheelRadius * motion.WheelLeft, Is.GreaterThan(motion.Forward + 0.005f));
        }
    }

    [Test]
    public void CommandsInsideTheDeadband_DoNotMoveTheWheels()
    {
        (RoverEnv env, float[] obs) = Create();
        using (env)
        {
            Drive(env, obs, 0.04f, -0.04f, 10);
            Assert.That(env.Motion(0).WheelLeft, Is.Zero);
        }
    }

    [Test]
    public void Goal_IsSeenInTheBodyFrame()
    {
        (RoverEnv env, float[] obs) = Create(goalX: 0f, goalY: 2f);
        using (env)
        {
            Assert.That(obs.AsSpan(0, 2).ToArray(), Is.EqualTo(new[] { 0f, 2f }).Within(1e-6));
        }
    }

    [Test]
    public void StoppingOnTheGoal_IsSuccess()
    {
        (RoverEnv env, float[] obs) = Create(goalX: 0.05f);
        using (env)
        {
            StepOutcome outcome = Drive(env, obs, 0f, 0f, 1);
            Assert.Multiple(() =>
            {
                Assert.That(outcome.Terminated, Is.True);
                Assert.That(outcome.Success, Is.True);
                Assert.That(outcome.Reward, Is.GreaterThan(9f));
            });
        }
    }

    [Test]
    public void DrivingThroughTheGoalAtSpeed_IsNotSuccess()
    {
        (RoverEnv env, float[] obs) = Create(goalX: 0.05f);
        using (env)
        {
            StepOutcome outcome = Drive(env, obs, 1f, 1f, 1);
            Assert.That(outcome.Success, Is.False);
        }
    }

    [Test]
    public void Heuristic_SucceedsInAtLeast90PercentOfEpisodes()
    {
        (float[] returns, bool[] successes, int[] lengths) = Episodes.Heuristic("rover", 100, seed: 11, numEnvs: 50);
        double rate = successes.Count(s => s) / (double)successes.Length;
        (float[] random, bool[] randomSuccesses, _) = Episodes.Run("rover", 50, seed: 11, numEnvs: 50);
        TestContext.Out.WriteLine($"rover heuristic: success {rate:P0}, mean return {Episodes.Mean(returns):F1}, mean length {lengths.Average():F0}; random {Episodes.Mean(random):F1}");
        Assert.Multiple(() =>
        {
            Assert.That(rate, Is.GreaterThanOrEqualTo(0.9));
            Assert.That(randomSuccesses.Count(s => s), Is.LessThanOrEqualTo(2));
        });
    }
}
