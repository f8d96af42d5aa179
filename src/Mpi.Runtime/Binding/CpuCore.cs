using System.Collections.Immutable;

namespace TypedMpi.Binding;

/// <summary>One physical core: where it sits and the hardware threads (Linux CPU ids) it runs.</summary>
public sealed class CpuCore
{
    /// <summary>Creates a core.</summary>
    /// <param name="package">The package (socket) id, <c>physical_package_id</c>.</param>
    /// <param name="numaNode">The NUMA node its hardware threads belong to.</param>
    /// <param name="coreId">The kernel's <c>core_id</c> (unique within a package, not necessarily contiguous).</param>
    /// <param name="hardwareThreads">Its hardware threads: the OS CPU ids, at least one.</param>
    public CpuCore(int package, int numaNode, int coreId, IEnumerable<int> hardwareThreads)
    {
        ArgumentNullException.ThrowIfNull(hardwareThreads);
        var threads = hardwareThreads.Distinct().Order().ToImmutableArray();
        if (threads.IsEmpty)
        {
            throw new ArgumentException($"Core {coreId} of package {package} has no hardware threads.", nameof(hardwareThreads));
        }

        if (threads[0] < 0 || threads[^1] > CpuList.MaxId)
        {
            throw new ArgumentOutOfRangeException(nameof(hardwareThreads), $"CPU ids run from 0 to {CpuList.MaxId}; core {coreId} has {CpuList.Format(threads)}.");
        }

        Package = package;
        NumaNode = numaNode;
        CoreId = coreId;
        HardwareThreads = threads;
    }

    /// <summary>The package (socket) id.</summary>
    public int Package { get; }

    /// <summary>The NUMA node id.</summary>
    public int NumaNode { get; }

    /// <summary>The kernel's core id within the package.</summary>
    public int CoreId { get; }

    /// <summary>The hardware threads (OS CPU ids), ascending; the first is the one used when SMT is off.</summary>
    public ImmutableArray<int> HardwareThreads { get; }

    /// <summary>E.g. <c>core 3 (package 0, NUMA 0): 3,39</c>.</summary>
    public override string ToString() => $"core {CoreId} (package {Package}, NUMA {NumaNode}): {string.Join(',', HardwareThreads)}";
}
