using System.Collections.Immutable;

namespace TypedMpi.Binding;

/// <summary>What one task (a node-local rank) gets: a thread count, GPUs and CPUs.</summary>
public sealed class TaskAssignment
{
    /// <summary>Creates an assignment.</summary>
    public TaskAssignment(int task, int threads, IEnumerable<int> gpus, IEnumerable<int> cpus)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(task);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentNullException.ThrowIfNull(gpus);
        ArgumentNullException.ThrowIfNull(cpus);
        Task = task;
        Threads = threads;
        Gpus = gpus.Distinct().Order().ToImmutableArray();
        Cpus = cpus.Distinct().Order().ToImmutableArray();
    }

    /// <summary>The task index: the rank in the node-local communicator.</summary>
    public int Task { get; }

    /// <summary>How many threads the task should run (<c>nths</c>; e.g. <c>OMP_NUM_THREADS</c>).</summary>
    public int Threads { get; }

    /// <summary>The GPU ids (<see cref="GpuDevice.Id"/>) of the task, ascending; empty when it has none.</summary>
    public ImmutableArray<int> Gpus { get; }

    /// <summary>The CPUs (OS CPU ids) the task is bound to, ascending.</summary>
    public ImmutableArray<int> Cpus { get; }

    /// <summary>The task's line in the mpibind form: <c>task 0 nths 4 gpus 0 cpus 0-4</c> (<c>gpus  cpus</c> when it has no GPU).</summary>
    public override string ToString() => $"task {Task} nths {Threads} gpus {string.Join(',', Gpus)} cpus {CpuList.Format(Cpus)}";
}
