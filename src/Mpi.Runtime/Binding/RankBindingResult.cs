using System.Collections.Immutable;

namespace TypedMpi.Binding;

/// <summary>What <see cref="RankBinding.Apply"/> did on this rank: the node's plan, this rank's part of it, and how to undo it.</summary>
public sealed class RankBindingResult
{
    private readonly bool _threadOnly;

    internal RankBindingResult(BindingPlan plan, int localRank, ImmutableArray<int> previousCpus, bool applied, bool threadOnly = false)
    {
        _threadOnly = threadOnly;
        Plan = plan;
        LocalRank = localRank;
        PreviousCpus = previousCpus;
        Applied = applied;
    }

    /// <summary>The plan for every rank of this node (the same on all of them).</summary>
    public BindingPlan Plan { get; }

    /// <summary>This rank's rank among the ranks of its node: its task index in <see cref="Plan"/>.</summary>
    public int LocalRank { get; }

    /// <summary>The number of ranks on this node.</summary>
    public int LocalSize => Plan.Tasks.Length;

    /// <summary>This rank's assignment: threads, GPUs and CPUs.</summary>
    public TaskAssignment Assignment => Plan.Tasks[LocalRank];

    /// <summary>True when the process was bound to <see cref="Assignment"/>'s CPUs (false for <see cref="RankBinding.Plan"/>).</summary>
    public bool Applied { get; }

    /// <summary>The CPUs the calling thread was allowed before, for <see cref="Restore"/>.</summary>
    public ImmutableArray<int> PreviousCpus { get; }

    /// <summary>
    /// Shows only this rank's GPUs to the GPU runtime (<c>CUDA_VISIBLE_DEVICES</c>, <c>ROCR_VISIBLE_DEVICES</c> or
    /// <c>ZE_AFFINITY_MASK</c>; see <see cref="GpuVisibility"/>). Call it before the GPU library starts. Returns what was set.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> SetVisibleDevices() => GpuVisibility.Set(Plan.Topology.GpuVendor, Assignment.Gpus);

    /// <summary>
    /// Binds every thread of the process (an in-process rank: its own thread) back to <see cref="PreviousCpus"/>;
    /// nothing to do when not <see cref="Applied"/>.
    /// </summary>
    public void Restore()
    {
        if (!Applied)
        {
            return;
        }

        if (_threadOnly)
        {
            CpuAffinity.SetCurrentThread(PreviousCpus.AsSpan());
        }
        else
        {
            CpuAffinity.SetProcess(PreviousCpus.AsSpan());
        }
    }

    /// <summary>This rank's line of the plan, e.g. <c>task 1 nths 4 gpus 1 cpus 5-9</c>.</summary>
    public override string ToString() => Assignment.ToString();
}
