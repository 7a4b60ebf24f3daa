// PolicyFile.ReadMetadata: the shipped model's metadata reads back; every bad file is one InvalidDataException line
// that names the file.
using DrlRobot.Runtime.Policy;
using DrlRobot.Sim.Contracts;
using Microsoft.ML.OnnxRuntime;

namespace DrlRobot.Runtime.Tests.Policy;

public class PolicyFileTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("drl-policyfile-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void ReadMetadata_OfTheTinyLander_GivesFormatContractAndTrainingRecord()
    {
        PolicyMetadata metadata = PolicyFile.ReadMetadata(TestModels.TinyLander);
        RobotContract c = metadata.Contract;

        Assert.Multiple(() =>
        {
            Assert.That(metadata.FormatVersion, Is.EqualTo(1));
            Assert.That(c.EnvId, Is.EqualTo("lander"));
            Assert.That(c.ControlHz, Is.EqualTo(50));
            Assert.That(c.ActionKind, Is.EqualTo(ActionKind.Continuous));
            Assert.That(c.Observations.Select(o => o.Name), Is.EqualTo(new[]
            {
                "x", "y", "vx", "vy", "angle", "angular_velocity", "left_leg_contact", "right_leg_contact",
            }));
            Assert.That(c.Actuators.Select(a => (a.Name, a.Kind, a.Low, a.High, a.Neutral)), Is.EqualTo(new[]
            {
                ("main", ActuatorKind.Thruster, -1f, 1f, 0f), ("lateral", ActuatorKind.Thruster, -1f, 1f, 0f),
            }));
            Assert.That(metadata.Training.GetProperty("seed").GetInt32(), Is.EqualTo(2026));
            Assert.That(metadata.TrainingJson, Does.StartWith("{\"algorithm\":\"none\""));
        });
    }

    [Test]
    public void ReadMetadata_AgreesWithWhatOnnxRuntimeReads()
    {
        PolicyMetadata metadata = PolicyFile.ReadMetadata(TestModels.TinyLander);
        using var session = new InferenceSession(TestModels.TinyLander);
        Dictionary<string, string> ort = session.ModelMetadata.CustomMetadataMap;

        Assert.Multiple(() =>
        {
            Assert.That(ort["drlrobot.format"], Is.EqualTo("1"));
            Assert.That(ort["drlrobot.contract"], Is.EqualTo(ContractJson.Serialize(metadata.Contract)));
            Assert.That(ort["drlrobot.training"], Is.EqualTo(metadata.TrainingJson));
        });
    }

    [TestCaseSource(typeof(BadModelFile), nameof(BadModelFile.All))]
    public void ReadMetadata_OfABadFile_ThrowsOneLineNamingTheFile(BadModelFile bad)
    {
        string path = bad.WriteTo(_directory);

        var error = Assert.Throws<InvalidDataException>(() => PolicyFile.ReadMetadata(path))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.StartWith(path + ": "));
            Assert.That(error.Message, Does.Contain(bad.Expected));
            Assert.That(error.Message, Does.Not.Contain('\n'));
        });
    }

    [Test]
    public void ReadMetadata_OfADirectory_ThrowsInvalidDataException()
    {
        Assert.That(() => PolicyFile.ReadMetadata(_directory),
                    Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith(_directory + ": "));
    }
}
