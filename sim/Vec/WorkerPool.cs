// A persistent pool of worker threads for the vectorized step. A step of a few hundred envs takes tens of
// microseconds, so handing chunks to threads that are already running (and spin briefly before sleeping) costs far
// less than Parallel.For's per-call scheduling and allocates nothing per step.
namespace DrlRobot.Sim.Vec;

/// <summary>Runs one action on chunks 0..N-1 in parallel: chunk 0 on the calling thread, the others on workers.</summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _start;
    private readonly ManualResetEventSlim _done = new(false, spinCount: 2000);
    private Action<int>? _work;
    private Exception? _failure;
    private int _pending;
    private volatile bool _disposed;

    public WorkerPool(int chunks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunks, 2);
        Chunks = chunks;
        _threads = new Thread[chunks - 1];
        _start = new ManualResetEventSlim[chunks - 1];
        for (int k = 0; k < _threads.Length; k++)
        {
            _start[k] = new ManualResetEventSlim(false, spinCount: 2000);
            int chunk = k + 1;
            _threads[k] = new Thread(() => WorkerLoop(chunk)) { IsBackground = true, Name = $"sim-worker-{chunk}" };
            _threads[k].Start();
        }
    }

    /// <summary>How many chunks every <see cref="Run"/> splits into.</summary>
    public int Chunks { get; }

    /// <summary>Runs <paramref name="work"/> for every chunk and returns when all are done; rethrows a worker's failure.</summary>
    public void Run(Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _work = work;
        _failure = null;
        _done.Reset();
        Volatile.Write(ref _pending, _threads.Length);
        foreach (ManualResetEventSlim start in _start)
        {
            start.Set();
        }
        try
        {
            work(0);
        }
        finally
        {
            _done.Wait();
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
        foreach (ManualResetEventSlim start in _start)
        {
            start.Set();
        }
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }
        foreach (ManualResetEventSlim start in _start)
        {
            start.Dispose();
        }
        _done.Dispose();
    }

    private void WorkerLoop(int chunk)
    {
        ManualResetEventSlim start = _start[chunk - 1];
        while (true)
        {
            start.Wait();
            start.Reset();
            if (_disposed)
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
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _done.Set();
            }
        }
    }
}
