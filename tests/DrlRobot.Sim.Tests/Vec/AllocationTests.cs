// The hot path allocates nothing: a training loop steps millions of times and must not feed the garbage collector.
namespace DrlRobot.Sim.Tests.Vec;

public class AllocationTests
{
    [TestCaseSource(nameof(Cases))]
    public void Step_AllocatesNothing(string id, int threads)
    {
        using IVecEnv env = EnvRegistry.Create(id, 64, new EnvOptions { Threads = threads });
        int nObs = env.Contract.Observations.Count, nAct = env.Contract.Actuators.Count;
        var obs = new float[64 * nObs];
        var actions = new float[64 * nAct];
        Array.Fill(actions, 0.7f);
        actions[0] = float.NaN; // the sanitising path too
        var rewards = new float[64];
        var terminated = new bool[64];
        var truncated = new bool[64];
        env.Reset(1, obs);
        // Warm up through several auto-resets, so the JIT has finished promoting the code it runs.
        for (int i = 0; i < 1000; i++)
        {
            env.Step(actions, obs, rewards, terminated, truncated);
        }
        // Counted on this thread: the test runner allocates on its own threads meanwhile. With two threads the calling
        // thread still steps chunks and runs the same StepChunk code as the worker.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++) // long enough for auto-resets
        {
            env.Step(actions, obs, rewards, terminated, truncated);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
    }

    private static IEnumerable<TestCaseData> Cases() =>
        EnvRegistry.Ids.SelectMany(id => new[] { new TestCaseData(id, 1), new TestCaseData(id, 2) });
}
