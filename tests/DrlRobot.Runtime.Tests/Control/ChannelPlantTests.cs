// Hardware channels as a plant: wiring checked by name, observations gathered in contract order with the oldest
// timestamp, failures reported as health, and every output neutral on dispose and after a run.
using DrlRobot.Hardware;
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Safety;
using DrlRobot.Runtime.Tests.Fakes;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Runtime.Tests.Control;

public class ChannelPlantTests
{
    private static readonly RobotContract Contract = TestContracts.Small();

    [Test]
    public void Sense_GathersValuesInContractOrderWithTheOldestTimestamp()
    {
        var imu = new FakeInput("spare", "b") { Values = [99f, 7f], Timestamp = 1000 };
        var encoder = new FakeInput("a") { Values = [0.25f], Timestamp = 900 };
        using var plant = new ChannelPlant(Contract, [imu, encoder], [new FakeOutput("thrust", 0f), new FakeOutput("steer", 0.5f)]);
        var observation = new float[2];

        bool valid = plant.Sense(observation, out long stamp);

        Assert.Multiple(() =>
        {
            Assert.That(valid, Is.True);
            Assert.That(observation, Is.EqualTo(new[] { 0.25f, 7f }));
            Assert.That(stamp, Is.EqualTo(900));
        });
    }

    [Test]
    public void Sense_IsInvalidWhenAnyInputHasNothing()
    {
        var a = new FakeInput("a");
        var b = new FakeInput("b") { Available = false };
        using var plant = new ChannelPlant(Contract, [a, b], [new FakeOutput("thrust", 0f), new FakeOutput("steer", 0.5f)]);

        Assert.That(plant.Sense(new float[2], out _), Is.False);
    }

    [Test]
    public void Command_WritesEachActuatorToItsNamedOutput()
    {
        var thrust = new FakeOutput("thrust", 0f);
        var steer = new FakeOutput("steer", 0.5f);
        using var plant = new ChannelPlant(Contract, [new FakeInput("a", "b")], [steer, thrust]);

        plant.Command([0.7f, -1f]);

        Assert.That((thrust.Value, steer.Value), Is.EqualTo((0.7f, -1f)));
    }

    [Test]
    public void Wiring_MissingOrDoubledChannels_AreRefusedByName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ChannelPlant(Contract, [new FakeInput("a")], [new FakeOutput("thrust", 0f), new FakeOutput("steer", 0.5f)]),
                        Throws.ArgumentException.With.Message.Contains("'b' has no input"));
            Assert.That(() => new ChannelPlant(Contract, [new FakeInput("a", "b"), new FakeInput("b")], [new FakeOutput("thrust", 0f), new FakeOutput("steer", 0.5f)]),
                        Throws.ArgumentException.With.Message.Contains("'b' comes from two inputs"));
            Assert.That(() => new ChannelPlant(Contract, [new FakeInput("a", "b")], [new FakeOutput("thrust", 0f)]),
                        Throws.ArgumentException.With.Message.Contains("'steer' has no output"));
            Assert.That(() => new ChannelPlant(Contract, [new FakeInput("a", "b")], [new FakeOutput("thrust", 0f), new FakeOutput("steer", 0.5f), new FakeOutput("rudder", 0f)]),
                        Throws.ArgumentException.With.Message.Contains("'rudder' is not an actuator"));
        });
    }

    [Test]
    public void FailedChannel_MakesThePlantUnhealthy()
    {
        var steer = new FakeOutput("steer", 0.5f);
        using var plant = new ChannelPlant(Contract, [new FakeInput("a", "b")], [new FakeOutput("thrust", 0f), steer]);
        Assert.That(plant.Healthy, Is.True);

        steer.Status = DeviceStatus.Failed;

        Assert.That(plant.Healthy, Is.False);
    }

    [Test]
    public void Dispose_LeavesAllChannelsNeutral()
    {
        var thrust = new FakeOutput("thrust", 0f);
        var steer = new FakeOutput("steer", 0.5f);
        var plant = new ChannelPlant(Contract, [new FakeInput("a", "b")], [thrust, steer]);
        plant.Command([0.9f, 1.9f]);

        plant.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That((thrust.Value, steer.Value), Is.EqualTo((0f, 0.5f)));
            Assert.That(thrust.Disposed && steer.Disposed, Is.True);
        });
    }

    [Test]
    public void LoopOverChannels_DrivesThemWhenArmedAndLeavesThemNeutral()
    {
        var thrust = new FakeOutput("thrust", 0f);
        var steer = new FakeOutput("steer", 0.5f);
        var input = new FakeInput("a", "b");
        using var plant = new ChannelPlant(Contract, [input], [thrust, steer]);
        using var policy = new FakePolicy(Contract, _ => 0.6f);
        var kill = new FakeKillSwitch();
        var supervisor = new SafetySupervisor(Contract, new SafetyConfig { ArmingSeconds = 0 }, [kill]);
        int writesSeen = 0;
        float thrustWhileArmed = float.NaN;
        using var loop = new ControlLoop(plant, new ProbePolicy(policy, () =>
        {
            // Runs inside the policy call: fresh input each tick; after tick 5 record the output, then trip the switch.
            input.Timestamp = System.Diagnostics.Stopwatch.GetTimestamp();
            if (++writesSeen == 6)
            {
                thrustWhileArmed = thrust.Value;
                kill.IsTripped = true;
            }
        }), supervisor, new ControlLoopConfig { Realtime = false });

        LoopResult result = loop.Run();

        Assert.Multiple(() =>
        {
            Assert.That(thrustWhileArmed, Is.EqualTo(0.6f));
            Assert.That(result.StopReason, Is.EqualTo(StopReason.KillSwitch));
            Assert.That((thrust.Value, steer.Value), Is.EqualTo((0f, 0.5f)));
        });
    }

    private sealed class ProbePolicy(FakePolicy inner, Action probe) : DrlRobot.Runtime.Policy.IPolicy
    {
        public RobotContract Contract => inner.Contract;

        public void Act(ReadOnlySpan<float> observation, Span<float> action)
        {
            probe();
            inner.Act(observation, action);
        }

        public void Dispose()
        {
        }
    }
}
