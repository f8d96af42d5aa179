using System.Collections.Immutable;

namespace TypedMpi.Binding;

/// <summary>A NUMA node of the topology and its CPUs.</summary>
public sealed class NumaDomain
{
    /// <summary>Creates a NUMA node.</summary>
    /// <param name="id">The node id (<c>/sys/devices/system/node/nodeN</c>).</param>
    /// <param name="cpus">Its hardware threads (OS CPU ids).</param>
    public NumaDomain(int id, IEnumerable<int> cpus)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        Id = id;
        Cpus = cpus.Distinct().Order().ToImmutableArray();
    }

    /// <summary>The node id.</summary>
    public int Id { get; }

    /// <summary>The hardware threads (OS CPU ids) of the node, ascending.</summary>
    public ImmutableArray<int> Cpus { get; }

    /// <summary>E.g. <c>NUMA node 0: 0-17,36-53</c>.</summary>
    public override string ToString() => $"NUMA node {Id}: {CpuList.Format(Cpus)}";
}
