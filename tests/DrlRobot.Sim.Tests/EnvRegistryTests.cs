// The registry: fixed ids, valid contracts for every env, one-line errors that list the valid ids.
using DrlRobot.Sim.Contracts;

namespace DrlRobot.Sim.Tests;

public class EnvRegistryTests
{
    [Test]
    public void UnknownId_ThrowsOneLineListingTheValidIds()
    {
        var error = Assert.Throws<ArgumentException>(() => EnvRegistry.Create("lunar", 4));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'lunar'"));
            foreach (string id in EnvRegistry.Ids)
            {
                Assert.That(error.Message, Does.Contain(id));
            }
            Assert.That(error.Message, Does.Not.Contain("\n"));
        });
    }

    [Test]
    public void UnknownId_IsRejectedByEveryEntryPoint()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => EnvRegistry.GetContract("nope"));
            Assert.Throws<ArgumentException>(() => EnvRegistry.CreateSingle("nope"));
            Assert.Throws<ArgumentException>(() => EnvRegistry.CreateHeuristic("nope"));
        });
    }

    [TestCaseSource(typeof(EnvRegistry), nameof(EnvRegistry.Ids))]
    public void EveryContract_IsValidAndNamedAfterItsId(string id)
    {
        RobotContract contract = EnvRegistry.GetContract(id);
        Assert.DoesNotThrow(contract.Validate);
        Assert.That(contract.EnvId, Is.EqualTo(id));
    }

    [TestCaseSource(typeof(EnvRegistry), nameof(EnvRegistry.Ids))]
    public void EveryEnv_PublishesTheContractItsFactoryDescribes(string id)
    {
        using IVecEnv env = EnvRegistry.Create(id, 3);
        using IRobotSim single = EnvRegistry.CreateSingle(id);
        Assert.Multiple(() =>
        {
            Assert.That(env.NumEnvs, Is.EqualTo(3));
            Assert.That(RobotContract.FirstMismatch(EnvRegistry.GetContract(id), env.Contract), Is.Null);
            Assert.That(RobotContract.FirstMismatch(EnvRegistry.GetContract(id), single.Contract), Is.Null);
        });
    }

    [TestCaseSource(typeof(EnvRegistry), nameof(EnvRegistry.Ids))]
    public void EveryHeuristic_WritesActionsInsideTheActuatorRanges(string id)
    {
        RobotContract contract = EnvRegistry.GetContract(id);
        IController heuristic = EnvRegistry.CreateHeuristic(id);
        using IRobotSim sim = EnvRegistry.CreateSingle(id);
        var obs = new float[contract.Observations.Count];
        var action = new float[contract.Actuators.Count];
        sim.Reset(5, obs);
        for (int t = 0; t < 50; t++)
        {
            heuristic.Act(obs, action);
            for (int a = 0; a < action.Length; a++)
            {
                Assert.That(action[a], Is.InRange(contract.Actuators[a].Low, contract.Actuators[a].High), contract.Actuators[a].Name);
            }
            if (sim.Step(action, obs) is { Terminated: true } or { Truncated: true })
            {
                sim.Reset((ulong)t, obs);
            }
        }
    }

    [Test]
    public void ZeroEnvs_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EnvRegistry.Create(EnvRegistry.Ids[0], 0));
    }

    [Test]
    public void InvalidOptions_AreRejectedBeforeAnythingIsBuilt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => EnvRegistry.Create(EnvRegistry.Ids[0], 4, new EnvOptions { Threads = 0 }));
        Assert.That(error!.ParamName, Is.EqualTo("Threads"));
    }
}
