using System.Collections.Immutable;

namespace TypedMpi.Binding;

/// <summary>
/// What one node offers for binding: packages, NUMA nodes, cores and their hardware threads (OS CPU ids), the
/// CPUs this process may use, and the GPUs with the NUMA node each is attached to. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// Read it from the operating system with <see cref="LinuxTopologyReader.Read()"/>, or build one by hand (a
/// machine you are not on, a test). A machine that tells nothing about NUMA is one NUMA node 0 holding every CPU
/// (<see cref="HasNumaInformation"/> is false); a machine without GPUs has an empty <see cref="Gpus"/>.
/// </para>
/// <para>
/// <see cref="Cores"/> are in a canonical order: by package, NUMA node, core id, then first hardware thread.
/// <see cref="BindingPlanner"/> hands out contiguous runs of that order, so the plan for a topology never
/// depends on the order in which the files were read.
/// </para>
/// </remarks>
public sealed class NodeTopology
{
    /// <summary>Creates a topology.</summary>
    /// <param name="cores">The cores; every hardware thread belongs to exactly one.</param>
    /// <param name="gpus">The GPUs, all of one vendor, with distinct ids; none when null.</param>
    /// <param name="allowedCpus">The CPUs this process may run on; every hardware thread when null.</param>
    /// <param name="hasNumaInformation">False when the NUMA node ids of the cores were made up because the system gave none.</param>
    /// <exception cref="ArgumentException">The pieces do not fit together (a CPU in two cores, an allowed CPU that does not exist, ...).</exception>
    public NodeTopology(IEnumerable<CpuCore> cores, IEnumerable<GpuDevice>? gpus = null, IEnumerable<int>? allowedCpus = null, bool hasNumaInformation = true)
    {
        ArgumentNullException.ThrowIfNull(cores);
        Cores = cores
            .OrderBy(c => c.Package).ThenBy(c => c.NumaNode).ThenBy(c => c.CoreId).ThenBy(c => c.HardwareThreads[0])
            .ToImmutableArray();
        if (Cores.IsEmpty)
        {
            throw new ArgumentException("A topology needs at least one core.", nameof(cores));
        }

        var threads = new SortedSet<int>();
        foreach (var core in Cores)
        {
            foreach (var cpu in core.HardwareThreads)
            {
                if (!threads.Add(cpu))
                {
                    throw new ArgumentException($"CPU {cpu} belongs to more than one core.", nameof(cores));
                }
            }
        }

        HardwareThreads = [.. threads];
        Packages = Cores.Select(c => c.Package).Distinct().Order().ToImmutableArray();
        NumaNodes = Cores
            .GroupBy(c => c.NumaNode)
            .OrderBy(g => g.Key)
            .Select(g => new NumaDomain(g.Key, g.SelectMany(c => c.HardwareThreads)))
            .ToImmutableArray();
        HasNumaInformation = hasNumaInformation;

        Gpus = (gpus ?? []).OrderBy(g => g.Id).ToImmutableArray();
        if (Gpus.Select(g => g.Vendor).Distinct().Count() > 1)
        {
            throw new ArgumentException($"The GPUs of a topology are of one vendor (their ids are that vendor's device indices); got {string.Join(", ", Gpus)}.", nameof(gpus));
        }

        if (Gpus.Select(g => g.Id).Distinct().Count() != Gpus.Length || Gpus.Any(g => g.Id < 0))
        {
            throw new ArgumentException($"GPU ids must be distinct and ≥ 0; got {string.Join(", ", Gpus.Select(g => g.Id))}.", nameof(gpus));
        }

        AllowedCpus = allowedCpus is null ? HardwareThreads : CheckAllowed(allowedCpus, threads);
    }

    /// <summary>The package (socket) ids, ascending.</summary>
    public ImmutableArray<int> Packages { get; }

    /// <summary>The NUMA nodes that have CPUs, by id.</summary>
    public ImmutableArray<NumaDomain> NumaNodes { get; }

    /// <summary>False when the system gave no NUMA information and <see cref="NumaNodes"/> is one made-up node 0.</summary>
    public bool HasNumaInformation { get; }

    /// <summary>The cores in canonical order (package, NUMA node, core id, first hardware thread).</summary>
    public ImmutableArray<CpuCore> Cores { get; }

    /// <summary>Every hardware thread (OS CPU id) of the node, ascending.</summary>
    public ImmutableArray<int> HardwareThreads { get; }

    /// <summary>The hardware threads this process may run on, ascending.</summary>
    public ImmutableArray<int> AllowedCpus { get; }

    /// <summary>The GPUs by id; empty on a node without GPUs.</summary>
    public ImmutableArray<GpuDevice> Gpus { get; }

    /// <summary>The vendor of <see cref="Gpus"/>, or null when there are none.</summary>
    public GpuVendor? GpuVendor => Gpus.IsEmpty ? null : Gpus[0].Vendor;

    /// <summary>The same node with another allowed set (e.g. the union of the affinities of all ranks on the node).</summary>
    /// <exception cref="ArgumentException">A CPU in <paramref name="allowedCpus"/> is not a hardware thread of this node.</exception>
    public NodeTopology WithAllowedCpus(IEnumerable<int> allowedCpus)
    {
        ArgumentNullException.ThrowIfNull(allowedCpus);
        return new NodeTopology(Cores, Gpus, allowedCpus, HasNumaInformation);
    }

    /// <summary>
    /// A one-line summary, e.g. <c>2 packages, 2 NUMA nodes, 36 cores, 72 hardware threads, allowed 0-71, 2 Nvidia GPUs (0-1 on NUMA 0)</c>.
    /// </summary>
    public override string ToString()
    {
        var numa = HasNumaInformation ? Plural(NumaNodes.Length, "NUMA node") : "no NUMA information";
        var gpus = Gpus.IsEmpty
            ? "no GPUs"
            : $"{Plural(Gpus.Length, $"{GpuVendor} GPU")} ({string.Join(", ", Gpus.GroupBy(g => g.NumaNode).Select(g => $"{CpuList.Format(g.Select(x => x.Id))} on {(g.Key is { } node ? $"NUMA {node}" : "unknown NUMA")}"))})";
        return $"{Plural(Packages.Length, "package")}, {numa}, {Plural(Cores.Length, "core")}, {Plural(HardwareThreads.Length, "hardware thread")}, allowed {CpuList.Format(AllowedCpus)}, {gpus}";
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static ImmutableArray<int> CheckAllowed(IEnumerable<int> allowedCpus, SortedSet<int> threads)
    {
        var allowed = allowedCpus.Distinct().Order().ToImmutableArray();
        var unknown = allowed.Where(cpu => !threads.Contains(cpu)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"The allowed CPUs {CpuList.Format(unknown)} are not hardware threads of this node ({CpuList.Format(threads)}).", nameof(allowedCpus));
        }

        return allowed;
    }
}
