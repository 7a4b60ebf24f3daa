// Actuator models: latency, saturation, deadband, PWM quantisation and lag each do what their config says.
using DrlRobot.Sim.Actuators;
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim.Tests.Actuators;

public class ActuatorBankTests
{
    private static readonly ActuatorSpec Motor = new("m", ActuatorKind.Motor, "1", -1, 1, 0);

    private static float[] Drive(ActuatorModel model, float[] commands, int extraLatency = 0, double dt = 0.02)
    {
        var bank = new ActuatorBank([Motor], [model], numEnvs: 2, dt, maxExtraLatency: extraLatency);
        bank.Reset(1);
        var applied = new float[1];
        var result = new float[commands.Length];
        for (int t = 0; t < commands.Length; t++)
        {
            bank.Apply(1, [commands[t]], applied, extraLatency);
            result[t] = applied[0];
        }
        return result;
    }

    [Test]
    public void IdealActuator_OnlySaturates()
    {
        Assert.That(Drive(new ActuatorModel(), [0.3f, 2f, -7f]), Is.EqualTo(new[] { 0.3f, 1f, -1f }));
    }

    [Test]
    public void Latency_DelaysCommandsByWholeStepsStartingFromNeutral()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Drive(new ActuatorModel { LatencySteps = 2 }, [0.1f, 0.2f, 0.3f, 0.4f]), Is.EqualTo(new[] { 0f, 0f, 0.1f, 0.2f }));
            Assert.That(Drive(new ActuatorModel { LatencySteps = 1 }, [0.1f, 0.2f, 0.3f], extraLatency: 1), Is.EqualTo(new[] { 0f, 0f, 0.1f }));
        });
    }

    [Test]
    public void Deadband_MapsSmallCommandsToNeutral()
    {
        Assert.That(Drive(new ActuatorModel { Deadband = 0.1f }, [0.05f, -0.09f, 0.2f]), Is.EqualTo(new[] { 0f, 0f, 0.2f }));
    }

    [Test]
    public void Pwm_QuantisesToTheNearestDutyStep()
    {
        // 5 duty levels from neutral to full are 0, 0.25, 0.5, 0.75, 1 in either direction; neutral stays exact.
        Assert.That(Drive(new ActuatorModel { PwmSteps = 5 }, [0.2f, 0.3f, -0.74f, 0f, 0.01f]),
                    Is.EqualTo(new[] { 0.25f, 0.25f, -0.75f, 0f, 0f }));
    }

    [Test]
    public void Lag_RisesLikeAFirstOrderSystem()
    {
        float[] response = Drive(new ActuatorModel { LagSeconds = 0.1f }, Enumerable.Repeat(1f, 5).ToArray(), dt: 0.1);
        Assert.Multiple(() =>
        {
            Assert.That(response[0], Is.EqualTo(1 - Math.Exp(-1)).Within(1e-5));
            Assert.That(response[4], Is.EqualTo(1 - Math.Exp(-5)).Within(1e-5));
        });
    }

    [Test]
    public void InvalidModel_NamesTheField()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(new ActuatorModel { PwmSteps = 1 }.Validate);
        Assert.That(error!.ParamName, Is.EqualTo("PwmSteps"));
    }
}
