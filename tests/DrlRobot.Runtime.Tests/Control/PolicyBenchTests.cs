// The bench: the runtime path allocates nothing per tick, the naive call does, and both are timed.
using DrlRobot.Runtime.Control;
using DrlRobot.Runtime.Tests.Policy;

namespace DrlRobot.Runtime.Tests.Control;

public class PolicyBenchTests
{
    [Test]
    public void Bench_RuntimePathAllocatesNothingAndTheNaiveCallDoes()
    {
        BenchResult result = PolicyBench.Run(TestModels.TinyLander, 3000, 500);

        Assert.Multiple(() =>
        {
            Assert.That(result.Runtime.Iterations, Is.EqualTo(3000));
            Assert.That(result.Naive.Iterations, Is.EqualTo(500));
            Assert.That(result.Runtime.AllocatedBytesPerStep, Is.Zero);
            Assert.That(result.Naive.AllocatedBytesPerStep, Is.GreaterThan(100));
            Assert.That(result.Runtime.P50Us, Is.GreaterThan(0).And.LessThanOrEqualTo(result.Runtime.P99Us));
            Assert.That(result.Runtime.P99Us, Is.LessThanOrEqualTo(result.Runtime.P999Us).And.LessThanOrEqualTo(result.Runtime.MaxUs));
            Assert.That(result.NaiveP50Ratio, Is.EqualTo(result.Naive.P50Us / result.Runtime.P50Us));
        });
    }

    [Test]
    public void Bench_WorksOnTheStochasticExportToo()
    {
        BenchResult result = PolicyBench.Run(TestModels.TinyLanderStochastic, 200, 200);
        Assert.That(result.Naive.Iterations, Is.EqualTo(200));
    }
}
