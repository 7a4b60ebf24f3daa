// The robot contract: validation names the broken field, mismatches name the first difference, JSON round-trips.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim.Tests;

public class RobotContractTests
{
    private static RobotContract Sample() => new()
    {
        EnvId = "test",
        ControlHz = 50,
        Observations =
        [
            new ObservationSpec("x", "m", -10, 10),
            new ObservationSpec("vx", "m/s", -5, 5),
        ],
        Actuators =
        [
            new ActuatorSpec("left", ActuatorKind.Thruster, "1", 0, 1, 0),
            new ActuatorSpec("right", ActuatorKind.Thruster, "1", 0, 1, 0),
        ],
    };

    [Test]
    public void Validate_AcceptsAWellFormedContract()
    {
        Assert.DoesNotThrow(() => Sample().Validate());
    }

    [Test]
    public void Validate_NamesTheObservationWhoseRangeIsInverted()
    {
        RobotContract contract = Sample() with
        {
            Observations = [new ObservationSpec("x", "m", 1, -1), new ObservationSpec("vx", "m/s", -5, 5)],
        };
        var error = Assert.Throws<ArgumentException>(contract.Validate);
        Assert.That(error!.Message, Does.Contain("observations[0] (x)"));
    }

    [Test]
    public void Validate_RejectsANeutralOutsideTheActuatorRange()
    {
        RobotContract contract = Sample() with
        {
            Actuators = [new ActuatorSpec("left", ActuatorKind.Thruster, "1", 0, 1, -0.5f), Sample().Actuators[1]],
        };
        var error = Assert.Throws<ArgumentException>(contract.Validate);
        Assert.That(error!.Message, Does.Contain("neutral").And.Contain("left"));
    }

    [Test]
    public void Validate_RejectsADuplicateName()
    {
        RobotContract contract = Sample() with
        {
            Actuators = [Sample().Actuators[0], Sample().Actuators[0]],
        };
        var error = Assert.Throws<ArgumentException>(contract.Validate);
        Assert.That(error!.Message, Does.Contain("'left' appears twice"));
    }

    [Test]
    public void Validate_RejectsANonPositiveControlRate()
    {
        Assert.Throws<ArgumentOutOfRangeException>((Sample() with { ControlHz = 0 }).Validate);
    }

    [Test]
    public void Validate_RequiresDiscreteRowsToMatchTheActuators()
    {
        RobotContract contract = Sample() with
        {
            ActionKind = ActionKind.Discrete,
            DiscreteActions = [[0f, 0f], [1f]],
        };
        var error = Assert.Throws<ArgumentException>(contract.Validate);
        Assert.That(error!.Message, Does.Contain("discrete_actions[1]"));
    }

    [Test]
    public void FirstMismatch_IsNullForEqualContracts()
    {
        Assert.That(RobotContract.FirstMismatch(Sample(), Sample()), Is.Null);
    }

    [Test]
    public void FirstMismatch_NamesTheFirstDifferingActuatorField()
    {
        RobotContract robot = Sample() with
        {
            Actuators = [Sample().Actuators[0], new ActuatorSpec("right", ActuatorKind.Thruster, "1", 0, 2, 0)],
        };
        string? mismatch = RobotContract.FirstMismatch(Sample(), robot, "model", "hardware config");
        Assert.That(mismatch, Is.EqualTo("actuators[1].high (right): model has 1, hardware config has 2"));
    }

    [Test]
    public void FirstMismatch_ReportsObservationOrderBeforeRanges()
    {
        RobotContract robot = Sample() with
        {
            Observations = [Sample().Observations[1], Sample().Observations[0]],
        };
        Assert.That(RobotContract.FirstMismatch(Sample(), robot), Is.EqualTo("observations[0].name: model has 'x', robot has 'vx'"));
    }

    [TestCase(2)]
    [TestCase(0)]
    public void FirstMismatch_RefusesAnotherVersionOfTheSameEnvironment(int version)
    {
        RobotContract model = Sample() with { EnvVersion = version };
        Assert.That(RobotContract.FirstMismatch(model, Sample(), "model", "simulator"),
                    Is.EqualTo($"env_version ({Sample().EnvId}): model has {version}, simulator has 1"));
    }

    [Test]
    public void FirstMismatch_IgnoresTheVersionOfAnotherEnvironmentWithTheSameInterface() =>
        Assert.That(RobotContract.FirstMismatch(Sample() with { EnvId = "other", EnvVersion = 7 }, Sample()), Is.Null);

    [Test]
    public void FirstMismatch_RefusesAnotherActionKind()
    {
        RobotContract discrete = Sample() with { ActionKind = ActionKind.Discrete, DiscreteActions = [[0f, 0f], [1f, 0f]] };
        Assert.That(RobotContract.FirstMismatch(discrete, Sample()), Is.EqualTo("action_kind: model has 'discrete', robot has 'continuous'"));
    }

    [Test]
    public void FirstMismatch_ComparesTheDiscreteTable_RowByRow()
    {
        RobotContract model = Sample() with { ActionKind = ActionKind.Discrete, DiscreteActions = [[0f, 0f], [1f, 0f], [0f, 1f]] };
        Assert.Multiple(() =>
        {
            Assert.That(RobotContract.FirstMismatch(model, model with { DiscreteActions = [[0f, 0f], [1f, 0f]] }),
                        Is.EqualTo("discrete_actions.count: model has 3, robot has 2"));
            Assert.That(RobotContract.FirstMismatch(model, model with { DiscreteActions = [[0f, 0f], [0f, 1f], [1f, 0f]] }),
                        Does.StartWith("discrete_actions[1][0]"));
            Assert.That(RobotContract.FirstMismatch(model, model with { DiscreteActions = [[0f, 0f], [1f, 0f], [0f, 1f]] }), Is.Null);
        });
    }

    [Test]
    public void Json_RoundTripsEveryField()
    {
        RobotContract original = Sample() with
        {
            ActionKind = ActionKind.Discrete,
            DiscreteActions = [[0f, 0f], [1f, 0f], [0f, 1f]],
            EnvVersion = 3,
        };
        RobotContract copy = ContractJson.Deserialize(ContractJson.Serialize(original));
        Assert.Multiple(() =>
        {
            Assert.That(RobotContract.FirstMismatch(original, copy), Is.Null);
            Assert.That(copy.EnvVersion, Is.EqualTo(3));
            Assert.That(copy.ActionKind, Is.EqualTo(ActionKind.Discrete));
            Assert.That(copy.DiscreteActions.Select(r => r.ToArray()), Is.EqualTo(original.DiscreteActions.Select(r => r.ToArray())));
        });
    }

    [Test]
    public void Json_UsesSnakeCaseKeys()
    {
        string json = ContractJson.Serialize(Sample());
        Assert.That(json, Does.Contain("\"env_id\":\"test\"").And.Contain("\"control_hz\":50").And.Contain("\"kind\":\"thruster\""));
    }

    [Test]
    public void Json_RejectsAnUnknownKeyWithOneLine()
    {
        string json = ContractJson.Serialize(Sample()).Replace("\"env_id\"", "\"envid\"", StringComparison.Ordinal);
        var error = Assert.Throws<FormatException>(() => ContractJson.Deserialize(json));
        Assert.That(error!.Message, Does.Contain("envid").And.Not.Contain("\n"));
    }

    [Test]
    public void Json_RejectsAnInvalidContract()
    {
        string json = ContractJson.Serialize(Sample() with { ControlHz = -5 });
        var error = Assert.Throws<FormatException>(() => ContractJson.Deserialize(json));
        Assert.That(error!.Message, Does.Contain("control_hz"));
    }
}
