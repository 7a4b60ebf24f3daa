// The Linux calls behind low-latency running: SCHED_FIFO, CPU affinity and an absolute-deadline sleep on the same
// monotonic clock as Stopwatch. Each call reports failure through its return value; none throws, because a loop that
// cannot get real-time priority should still run (and say so).
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DrlRobot.Runtime.Control;

internal static partial class LinuxScheduling
{
    private const int SchedOther = 0;
    private const int SchedFifo = 1;
    private const int ClockMonotonic = 1;
    private const int TimerAbstime = 1;
    private const int CpuSetWords = 16; // 1024 CPUs, glibc's cpu_set_t

    /// <summary>Whether the absolute sleep can be used: 64-bit Linux (timespec of two longs) with Stopwatch on CLOCK_MONOTONIC in ns.</summary>
    public static bool CanSleepUntil { get; } =
        OperatingSystem.IsLinux() && Environment.Is64BitProcess && Stopwatch.Frequency == 1_000_000_000;

    /// <summary>Sleeps until the Stopwatch timestamp <paramref name="deadline"/> (only when <see cref="CanSleepUntil"/>).</summary>
    public static void SleepUntil(long deadline)
    {
        var time = new Timespec { Seconds = deadline / 1_000_000_000, Nanoseconds = deadline % 1_000_000_000 };
        // EINTR (a signal arrived) returns early; the caller's spin covers the rest.
        _ = ClockNanosleep(ClockMonotonic, TimerAbstime, ref time, IntPtr.Zero);
    }

    /// <summary>Sets SCHED_FIFO at <paramref name="priority"/> for the calling thread; returns null or why not.</summary>
    public static string? TrySetFifo(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "real-time scheduling is only set on Linux";
        }
        int value = priority;
        return SchedSetScheduler(0, SchedFifo, ref value) == 0 ? null : Describe(Marshal.GetLastPInvokeError());
    }

    /// <summary>Returns the calling thread to SCHED_OTHER.</summary>
    public static void ResetScheduler()
    {
        int value = 0;
        _ = SchedSetScheduler(0, SchedOther, ref value);
    }

    /// <summary>Pins the calling thread to <paramref name="cpu"/>; returns the previous mask (to restore) or null, and why not.</summary>
    public static (ulong[]? Previous, string? Error) TryPin(int cpu)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "CPU pinning is only set on Linux");
        }
        var previous = new ulong[CpuSetWords];
        if (SchedGetAffinity(0, (nuint)(CpuSetWords * sizeof(ulong)), previous) != 0)
        {
            return (null, Describe(Marshal.GetLastPInvokeError()));
        }
        var mask = new ulong[CpuSetWords];
        mask[cpu / 64] = 1UL << (cpu % 64);
        return SchedSetAffinity(0, (nuint)(CpuSetWords * sizeof(ulong)), mask) == 0
            ? (previous, null)
            : (null, Describe(Marshal.GetLastPInvokeError()));
    }

    /// <summary>Restores an affinity mask returned by <see cref="TryPin"/>.</summary>
    public static void Restore(ulong[] mask) => _ = SchedSetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), mask);

    private static string Describe(int errno) => errno switch
    {
        1 => "not permitted (EPERM: needs CAP_SYS_NICE or an rtprio limit)",
        22 => "invalid argument (EINVAL)",
        _ => $"failed with errno {errno}",
    };

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remain);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, ref int param);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, [In] ulong[] mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static partial int SchedGetAffinity(int pid, nuint size, [Out] ulong[] mask);
}
