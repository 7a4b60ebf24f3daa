// The worker pool: every chunk runs exactly once per call, across many calls, and a worker's failure surfaces.
using DrlRobot.Sim.Vec;

namespace DrlRobot.Sim.Tests.Vec;

public class WorkerPoolTests
{
    [Test]
    public void Run_ExecutesEveryChunkExactlyOncePerCall()
    {
        using var pool = new WorkerPool(3);
        var counts = new int[10];
        for (int call = 0; call < 2000; call++)
        {
            pool.Run(chunk => Interlocked.Increment(ref counts[chunk]), 10);
        }
        Assert.That(counts, Is.All.EqualTo(2000));
    }

    [Test]
    public void Run_RethrowsAFailureOnTheCallingThread()
    {
        using var pool = new WorkerPool(2);
        var error = Assert.Throws<InvalidOperationException>(() =>
            pool.Run(chunk => throw new ArithmeticException($"chunk {chunk} broke"), 4));
        Assert.That(error!.Message, Does.StartWith("a simulation worker failed: chunk"));
    }

    [Test]
    public void Run_AfterDispose_Throws()
    {
        var pool = new WorkerPool(2);
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Run(_ => { }, 2));
    }
}
