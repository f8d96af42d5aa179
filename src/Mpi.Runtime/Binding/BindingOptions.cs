namespace TypedMpi.Binding;

/// <summary>How <see cref="BindingPlanner"/> maps the ranks of a node.</summary>
public sealed record BindingOptions
{
    /// <summary>The options used when none are given: GPU-first, one hardware thread per core, threads from the CPU count.</summary>
    public static BindingOptions Default { get; } = new();

    /// <summary>
    /// The thread count (<c>nths</c>) of every task; null (the default) for the CPUs used on the node divided by the
    /// number of tasks, never more than the task's own CPUs and at least 1. It sets only the count reported (e.g.
    /// for <c>OMP_NUM_THREADS</c>); which CPUs a task gets does not change.
    /// </summary>
    public int? ThreadsPerTask { get; init; }

    /// <summary>
    /// True to give a task every allowed hardware thread of its cores (SMT on); false (the default) for only the
    /// first one of each core, leaving the siblings idle. When tasks outnumber cores, SMT on also lets the tasks
    /// sharing a core have separate hardware threads.
    /// </summary>
    public bool Smt { get; init; }

    /// <summary>GPU-first (the default) or CPU-first placement; see <see cref="BindingPlacement"/>.</summary>
    public BindingPlacement Placement { get; init; } = BindingPlacement.GpuFirst;
}
