// The observation builder: order, unit conversion, one read per input, the age of the oldest reading, failures.
using DrlRobot.Hardware.Inputs;
using DrlRobot.Hardware.Tests.Fakes;

namespace DrlRobot.Hardware.Tests.Inputs;

public class ObservationBuilderTests
{
    [Test]
    public void TryBuild_FillsTheModelsOrderWithScaledValues()
    {
        var imu = new FakeInput("roll", "rate_z");
        var tracker = new FakeInput("x", "vx");
        imu.Values[0] = 0.1f;
        imu.Values[1] = 2f;
        tracker.Values[0] = 12f;
        tracker.Values[1] = -1f;
        var builder = new ObservationBuilder(
        [
            new("x_obs", tracker, "x", 0.1f, -1f),
            new("angular_velocity", imu, "rate_z", 0.4f),
            new("angle", imu, "roll"),
            new("vx_obs", tracker, "vx", 0.2f),
        ]);
        var obs = new float[4];
        Assert.That(builder.TryBuild(obs, out _, out int failed), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(obs, Is.EqualTo(new[] { 0.2f, 0.8f, 0.1f, -0.2f }).Within(1e-6f));
            Assert.That(failed, Is.EqualTo(-1));
            Assert.That(imu.Reads, Is.EqualTo(1), "each input is read once per build");
            Assert.That(builder.Inputs, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void TryBuild_ReportsTheAgeOfTheOldestReading()
    {
        var time = new FakeTime();
        var fresh = new FakeInput("a") { Timestamp = time.GetTimestamp() };
        var old = new FakeInput("b") { Timestamp = time.GetTimestamp() - (time.TimestampFrequency / 4) };
        var builder = new ObservationBuilder([new("a", fresh, "a"), new("b", old, "b")], time);
        time.Advance(TimeSpan.FromMilliseconds(10));
        builder.TryBuild(new float[2], out double age, out _);
        Assert.That(age, Is.EqualTo(0.26).Within(1e-9));
    }

    [Test]
    public void TryBuild_InputWithNothingValid_IsFalseWithNaNAndNamesTheInput()
    {
        var good = new FakeInput("a");
        var bad = new FakeInput("b") { Valid = false };
        var builder = new ObservationBuilder([new("a", good, "a"), new("b", bad, "b")]);
        var obs = new float[2];
        Assert.That(builder.TryBuild(obs, out double age, out int failed), Is.False);
        Assert.Multiple(() =>
        {
            Assert.That(float.IsNaN(obs[1]), Is.True);
            Assert.That(builder.Inputs[failed], Is.SameAs(bad));
            Assert.That(age, Is.EqualTo(double.PositiveInfinity));
        });
    }

    [Test]
    public void Constructor_UnknownValueName_NamesTheObservationAndTheChoices()
    {
        var imu = new FakeInput("roll", "pitch");
        var e = Assert.Throws<ArgumentException>(() => _ = new ObservationBuilder([new("angle", imu, "yaw")]));
        Assert.That(e!.Message, Does.Contain("'angle'").And.Contain("'yaw'").And.Contain("roll, pitch"));
    }

    [Test]
    public void TryBuild_AllocatesNothing()
    {
        var input = new FakeInput("a", "b");
        var builder = new ObservationBuilder([new("a", input, "a"), new("b", input, "b", 2f)]);
        var obs = new float[2];
        builder.TryBuild(obs, out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            builder.TryBuild(obs, out _, out _);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
