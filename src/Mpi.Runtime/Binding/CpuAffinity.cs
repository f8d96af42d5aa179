using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TypedMpi.Binding;

/// <summary>
/// The CPU affinity of this process and its threads, through libc's <c>sched_getaffinity</c> and
/// <c>sched_setaffinity</c>. Linux only: elsewhere every call throws <see cref="MpiNotSupportedException"/>.
/// </summary>
/// <remarks>
/// On Linux affinity belongs to each thread, and a new thread inherits its creator's. A .NET process already runs
/// many threads (the GC, the finalizer, the thread pool, the MPI library's progress threads), so
/// <see cref="SetProcess"/> sets every thread listed in <c>/proc/self/task</c>, as hwloc does for a process binding.
/// </remarks>
public static class CpuAffinity
{
    /// <summary>True where affinity can be read and set (Linux).</summary>
    public static bool IsSupported => NativeAffinity.IsSupported;

    /// <summary>The CPUs the calling thread may run on.</summary>
    public static ImmutableArray<int> GetCurrentThread() => GetThread(0);

    /// <summary>The CPUs thread <paramref name="threadId"/> (a Linux thread id, 0 for the calling thread) may run on.</summary>
    /// <exception cref="InvalidOperationException">The call failed (e.g. no such thread).</exception>
    public static ImmutableArray<int> GetThread(int threadId)
    {
        ThrowIfNotSupported();
        var errno = NativeAffinity.TryGet(threadId, out var cpus);
        return errno == 0 ? [.. cpus] : throw Failure("sched_getaffinity", threadId, null, errno);
    }

    /// <summary>Binds the calling thread to <paramref name="cpus"/>.</summary>
    /// <exception cref="InvalidOperationException">The kernel refused (e.g. none of the CPUs is in the process's cpuset).</exception>
    public static void SetCurrentThread(ReadOnlySpan<int> cpus)
    {
        ThrowIfNotSupported();
        ThrowIfEmpty(cpus);
        var errno = NativeAffinity.TrySet(0, cpus);
        if (errno != 0)
        {
            throw Failure("sched_setaffinity", 0, CpuList.Format(cpus.ToArray()), errno);
        }
    }

    /// <summary>
    /// Binds every thread of this process to <paramref name="cpus"/> and returns how many threads were bound. Threads
    /// started while it runs are caught by a second pass; threads started later inherit the binding from their creator.
    /// </summary>
    /// <exception cref="InvalidOperationException">The kernel refused for a thread that still exists.</exception>
    public static int SetProcess(ReadOnlySpan<int> cpus)
    {
        ThrowIfNotSupported();
        ThrowIfEmpty(cpus);
        var bound = new HashSet<int>();
        for (var pass = 0; pass < 8; pass++)
        {
            var fresh = ThreadIds().Where(tid => !bound.Contains(tid)).ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var tid in fresh)
            {
                var errno = NativeAffinity.TrySet(tid, cpus);
                if (errno != 0 && errno != NativeAffinity.NoSuchProcess) // a thread that just ended needs no binding
                {
                    throw Failure("sched_setaffinity", tid, CpuList.Format(cpus.ToArray()), errno);
                }

                bound.Add(tid);
            }
        }

        return bound.Count;
    }

    /// <summary>The Linux thread ids of this process (<c>/proc/self/task</c>).</summary>
    internal static List<int> ThreadIds() =>
        Directory.EnumerateFileSystemEntries("/proc/self/task")
            .Select(entry => int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) ? tid : -1)
            .Where(tid => tid > 0)
            .Order()
            .ToList();

    private static void ThrowIfNotSupported()
    {
        if (!IsSupported)
        {
            throw new MpiNotSupportedException(
                $"Setting CPU affinity needs Linux's sched_setaffinity; this is {RuntimeInformation.OSDescription}.",
                "sched_setaffinity",
                "Check CpuAffinity.IsSupported (or RankBinding.IsSupported) first, or bind with the launcher (mpirun --bind-to, srun --cpu-bind).");
        }
    }

    private static void ThrowIfEmpty(ReadOnlySpan<int> cpus)
    {
        if (cpus.IsEmpty)
        {
            throw new ArgumentException("A thread must be allowed at least one CPU.", nameof(cpus));
        }
    }

    private static InvalidOperationException Failure(string function, int threadId, string? cpus, int errno) =>
        new($"{function}(thread {(threadId == 0 ? "calling" : threadId.ToString(CultureInfo.InvariantCulture))}{(cpus is null ? "" : $", CPUs {cpus}")}) failed: " +
            $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})." +
            (errno == NativeAffinity.InvalidArgument && cpus is not null ? " The CPUs are offline or outside this process's cpuset (cgroup)." : ""));
}
