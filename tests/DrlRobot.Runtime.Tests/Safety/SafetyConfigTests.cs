// Safety limits from JSON: snake_case keys, unknown keys and out-of-range values refused with the field named.
using DrlRobot.Runtime.Safety;

namespace DrlRobot.Runtime.Tests.Safety;

public class SafetyConfigTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("drl-safety-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(_dir, "safety.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void Load_ReadsEveryField()
    {
        SafetyConfig config = SafetyConfig.Load(Write("""
            { "arming_seconds": 1.5, "default_slew_rate": 4, "slew_rates": { "main": 2 },
              "observation_margin": 0.25, "max_input_age_seconds": 0.05 }
            """));

        Assert.Multiple(() =>
        {
            Assert.That(config.ArmingSeconds, Is.EqualTo(1.5));
            Assert.That(config.DefaultSlewRate, Is.EqualTo(4f));
            Assert.That(config.SlewRates["main"], Is.EqualTo(2f));
            Assert.That(config.ObservationMargin, Is.EqualTo(0.25f));
            Assert.That(config.MaxInputAgeSeconds, Is.EqualTo(0.05));
        });
    }

    [Test]
    public void Load_RefusesAnUnknownKey() =>
        Assert.That(() => SafetyConfig.Load(Write("""{ "arming_second": 1 }""")), Throws.ArgumentException.With.Message.Contains("arming_second"));

    [Test]
    public void Load_RefusesANegativeArmingTime() =>
        Assert.That(() => SafetyConfig.Load(Write("""{ "arming_seconds": -1 }""")), Throws.ArgumentException.With.Message.Contains("arming_seconds"));

    [Test]
    public void Load_RefusesAZeroSlewRate() =>
        Assert.That(() => SafetyConfig.Load(Write("""{ "slew_rates": { "main": 0 } }""")), Throws.ArgumentException.With.Message.Contains("slew_rates.main"));

    [TestCase("""{ "slew_rates": null }""", "slew_rates: must not be null")]
    [TestCase("""{ "max_input_age_seconds": "Infinity" }""", "max_input_age_seconds must be > 0 and at most 10")]
    [TestCase("""{ "max_input_age_seconds": 60 }""", "max_input_age_seconds must be > 0 and at most 10")]
    [TestCase("""{ "arming_seconds": 1e999 }""", "arming_seconds must be from 0 to 60")]
    [TestCase("""{ "max_input_age_seconds": 0.1, "max_input_age_seconds": 5 }""", "max_input_age_seconds: duplicate key (line 1)")]
    [TestCase("""{ "slew_rates": { "main": "fast" } }""", "slew_rates.main: expected a number (line 1)")]
    [TestCase("{\n  \"arming_seconds\": true\n}", "arming_seconds: expected a number (line 2)")]
    public void Load_NamesTheFileAndTheKey_InOneLine(string json, string expected)
    {
        string path = Write(json);
        var error = Assert.Throws<ArgumentException>(() => SafetyConfig.Load(path))!;
        Assert.That(error.Message, Does.StartWith(path + ": ").And.Contain(expected).And.Not.Contain("\n"));
    }

    [Test]
    public void Load_OfAFolder_SaysItIsAFolder() =>
        Assert.That(() => SafetyConfig.Load(_dir), Throws.ArgumentException.With.Message.EqualTo($"{_dir}: is a folder, not a safety config file"));

    [Test]
    public void Load_InfiniteSlewRates_StayAllowed() =>
        Assert.That(SafetyConfig.Load(Write("""{ "default_slew_rate": "Infinity", "observation_margin": "Infinity" }""")).DefaultSlewRate, Is.EqualTo(float.PositiveInfinity));

    [Test]
    public void ToJson_RoundTrips()
    {
        var config = new SafetyConfig { ArmingSeconds = 2, SlewRates = new Dictionary<string, float> { ["left"] = 3 } };

        SafetyConfig back = SafetyConfig.Load(Write(config.ToJson()));

        Assert.Multiple(() =>
        {
            Assert.That(back.ArmingSeconds, Is.EqualTo(2));
            Assert.That(back.SlewRates["left"], Is.EqualTo(3f));
            Assert.That(back.DefaultSlewRate, Is.EqualTo(float.PositiveInfinity));
        });
    }

    [Test]
    public void ShippedExample_LoadsAndValidates()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "runtime", "deploy", "configs", "safety.json");
        Assert.That(() => SafetyConfig.Load(path), Throws.Nothing);
    }
}
