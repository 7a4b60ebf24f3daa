// EnvOptions: defaults, validation, and the snake_case JSON form a run's config.json carries.
using System.Text.Json;
using DrlRobot.Sim.Contracts;
using DrlRobot.Sim.Randomization;

namespace DrlRobot.Sim.Tests;

public class EnvOptionsTests
{
    [Test]
    public void Defaults_AreOneThreadAndNoRandomization()
    {
        var options = new EnvOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.Threads, Is.EqualTo(1));
            Assert.That(options.Randomization, Is.Null);
            Assert.DoesNotThrow(options.Validate);
        });
    }

    [TestCase(0)]
    [TestCase(EnvOptions.MaxThreads + 1)]
    public void Threads_OutOfRangeIsRejected(int threads)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(new EnvOptions { Threads = threads }.Validate);
        Assert.That(error!.ParamName, Is.EqualTo(nameof(EnvOptions.Threads)));
    }

    [Test]
    public void Json_RoundTripsWithSnakeCaseKeys()
    {
        var options = new EnvOptions
        {
            Threads = 2,
            Randomization = new DomainRandomization { MassScale = new ParameterRange(0.8f, 1.3f), LatencySteps = new StepRange(1, 2) },
        };
        string json = JsonSerializer.Serialize(options, ContractJson.Options);
        EnvOptions? copy = JsonSerializer.Deserialize<EnvOptions>(json, ContractJson.Options);
        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"mass_scale\":{\"low\":0.8,\"high\":1.3}").And.Contain("\"latency_steps\":{\"low\":1,\"high\":2}"));
            Assert.That(copy, Is.EqualTo(options));
        });
    }

    [Test]
    public void Json_RejectsUnknownKeys()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<EnvOptions>("{\"threads\":2,\"thread\":3}", ContractJson.Options));
    }
}
