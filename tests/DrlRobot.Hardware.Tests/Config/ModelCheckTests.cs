// Checking a config against the model's ordered actuator and observation names (and ranges), naming the first mismatch.
using DrlRobot.Hardware.Config;
using DrlRobot.Hardware.Outputs;

namespace DrlRobot.Hardware.Tests.Config;

public class ModelCheckTests
{
    private static HardwareConfig Lander() =>
        HardwareConfigJson.Load(Path.Combine(TestPaths.RepoRoot, "hardware", "configs", "lander3-pca9685.json"));

    private static readonly string[] Observations =
        ["x", "y", "vx", "vy", "angle", "angular_velocity", "left_leg_contact", "right_leg_contact"];

    [Test]
    public void MatchingNames_Pass() =>
        Assert.DoesNotThrow(() => Lander().CheckAgainstModel(["main", "left", "right"], Observations));

    [Test]
    public void ActuatorTheModelDoesNotHave_IsNamed()
    {
        var e = Assert.Throws<HardwareConfigException>(() => Lander().CheckAgainstModel(["main", "left"], Observations));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Field, Is.EqualTo("actuators[2]"));
            Assert.That(e.Message, Does.Contain("the model has no 'right'"));
        });
    }

    [Test]
    public void SwappedOrder_IsNamedAsAnOrderProblem()
    {
        var e = Assert.Throws<HardwareConfigException>(() => Lander().CheckAgainstModel(["main", "right", "left"], Observations));
        Assert.That(e!.Message, Does.Contain("actuators[1]").And.Contain("expects 'right'").And.Contain("order differs"));
    }

    [Test]
    public void MissingObservation_IsNamed()
    {
        var e = Assert.Throws<HardwareConfigException>(() => Lander().CheckAgainstModel(["main", "left", "right"], [.. Observations, "fuel"]));
        Assert.That(e!.Message, Does.Contain("'fuel' is missing"));
    }

    [Test]
    public void DifferentRange_NamesTheBound()
    {
        ActuatorRange oneWay = new(0f, 1f, 0f);
        var e = Assert.Throws<HardwareConfigException>(() =>
            Lander().CheckAgainstModel(["main", "left", "right"], Observations, [oneWay, oneWay, new ActuatorRange(-1f, 1f, 0f)]));
        Assert.That(e!.Field, Is.EqualTo("actuators[2] (right).low"));
    }
}
