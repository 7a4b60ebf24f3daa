// A persistent pool of worker threads for the vectorized step. A step of a few hundred envs takes tens of
// microseconds, so work goes to threads that are already running (and spin briefly before sleeping) instead of
// through Parallel.For's per-call scheduling, and nothing is allocated per step. Threads take chunks from a shared
// counter, so on a busy machine the calling thread does the chunks of a worker that has not woken up yet instead of
// waiting for it; every env is stepped by exactly one thread either way, so results do not depend on who ran what.
namespace DrlRobot.Sim.Vec;

/// <summary>Runs one action on chunks 0..N-1 using the calling thread and <c>threads - 1</c> workers.</summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _wake;
    private Action<int>? _work;
    private Exception? _failure;
    private int _chunks;
    private int _next;
    private int _completed;
    private volatile bool _disposed;

    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 2);
        Threads = threads;
        _threads = new Thread[threads - 1];
        _wake = new ManualResetEventSlim[threads - 1];
        _next = int.MaxValue / 2; // nothing to take until the first Run
        for (int k = 0; k < _threads.Length; k++)
        {
            _wake[k] = new ManualResetEventSlim(false, spinCount: 1000);
            ManualResetEventSlim wake = _wake[k];
            _threads[k] = new Thread(() => WorkerLoop(wake)) { IsBackground = true, Name = $"sim-worker-{k + 1}" };
            _threads[k].Start();
        }
    }

    /// <summary>How many threads share the work, the calling thread included.</summary>
    public int Threads { get; }

    /// <summary>Runs <paramref name="work"/> for chunks 0..<paramref name="chunks"/>-1 and returns when all are done.</summary>
    public void Run(Action<int> work, int chunks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _work = work;
        _failure = null;
        _chunks = chunks;
        Volatile.Write(ref _completed, 0);
        Interlocked.Exchange(ref _next, 0); // publishes the fields above to workers that take a chunk
        foreach (ManualResetEventSlim wake in _wake)
        {
            wake.Set();
        }
        TakeChunks();
        var spin = new SpinWait();
        while (Volatile.Read(ref _completed) < chunks)
        {
            spin.SpinOnce(sleep1Threshold: -1); // only chunks a worker has already started remain: wait briefly
        }
        if (_failure is not null)
        {
            throw new InvalidOperationException($"a simulation worker failed: {_failure.Message}", _failure);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (ManualResetEventSlim wake in _wake)
        {
            wake.Set();
        }
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }
        foreach (ManualResetEventSlim wake in _wake)
        {
            wake.Dispose();
        }
    }

    private void TakeChunks()
    {
        while (true)
        {
            int chunk = Interlocked.Increment(ref _next) - 1;
            if (chunk >= Volatile.Read(ref _chunks))
            {
                return;
            }
            try
            {
                _work!(chunk);
            }
            catch (Exception e)
            {
                _failure = e;
            }
            Interlocked.Increment(ref _completed);
        }
    }

    private void WorkerLoop(ManualResetEventSlim wake)
    {
        while (true)
        {
            wake.Wait();
            wake.Reset();
            if (_disposed)
            {
                return;
            }
            TakeChunks();
        }
    }
}
