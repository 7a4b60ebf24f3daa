// What the kernel says about the calling thread's scheduling: its policy, real-time priority and CPU mask, read back
// with the libc calls themselves, so a test can check what the loop reports against what was actually applied.
using System.Runtime.InteropServices;

namespace DrlRobot.Runtime.Tests.Control;

internal static partial class ThreadScheduling
{
    public const int SchedOther = 0;
    public const int SchedFifo = 1;
    private const int CpuSetWords = 16;

    /// <summary>The calling thread's policy and priority (Linux only).</summary>
    public static (int Policy, int Priority) Current()
    {
        int policy = SchedGetScheduler(0);
        int priority = 0;
        if (policy < 0 || SchedGetParam(0, ref priority) != 0)
        {
            throw new InvalidOperationException($"sched_getscheduler/sched_getparam failed with errno {Marshal.GetLastPInvokeError()}");
        }
        return (policy, priority);
    }

    /// <summary>The CPUs the calling thread may run on (Linux only).</summary>
    public static int[] Cpus()
    {
        var mask = new ulong[CpuSetWords];
        if (SchedGetAffinity(0, (nuint)(CpuSetWords * sizeof(ulong)), mask) != 0)
        {
            throw new InvalidOperationException($"sched_getaffinity failed with errno {Marshal.GetLastPInvokeError()}");
        }
        return [.. Enumerable.Range(0, CpuSetWords * 64).Where(cpu => (mask[cpu / 64] & (1UL << (cpu % 64))) != 0)];
    }

    /// <summary>
    /// Whether this process may set SCHED_FIFO at <paramref name="priority"/>: tried on a thread of its own, which
    /// ends right after, so nothing else is touched. Returns 0 when permitted, else the errno.
    /// </summary>
    public static int FifoErrno(int priority)
    {
        int errno = -1;
        var probe = new Thread(() =>
        {
            int value = priority;
            errno = SchedSetScheduler(0, SchedFifo, ref value) == 0 ? 0 : Marshal.GetLastPInvokeError();
            value = 0;
            _ = SchedSetScheduler(0, SchedOther, ref value);
        });
        probe.Start();
        probe.Join();
        return errno;
    }

    [LibraryImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
    private static partial int SchedGetScheduler(int pid);

    [LibraryImport("libc", EntryPoint = "sched_getparam", SetLastError = true)]
    private static partial int SchedGetParam(int pid, ref int param);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, ref int param);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nuint size, [Out] ulong[] mask);
}
