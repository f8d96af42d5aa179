using System.Collections.Immutable;

namespace TypedMpi.Binding;

/// <summary>
/// Maps the tasks (node-local ranks) of one node onto its cores, hardware threads and GPUs, in the manner of
/// LLNL's mpibind. Pure and deterministic: the same topology, task count and options give the same plan.
/// </summary>
/// <remarks>
/// <para>The steps:</para>
/// <list type="number">
/// <item><b>Usable cores.</b> A core's usable hardware threads are those in <see cref="NodeTopology.AllowedCpus"/>; a
/// core with none is left out. Cores keep the topology's canonical order. A <i>domain</i> is the usable cores of one
/// NUMA node within one package (the NUMA node itself on every real machine; a package when NUMA information is
/// missing).</item>
/// <item><b>GPU homes.</b> A GPU's home is the domain of its NUMA node. A GPU without one (NUMA unknown, or its NUMA
/// node has no usable core) is left out of the plan, unless no GPU has a home: then all of them are handed out over
/// all tasks in task order, and placement is CPU-first.</item>
/// <item><b>Domains per task.</b> The candidate domains are every domain (CPU-first) or the domains that are home to
/// a GPU (GPU-first). With no more tasks than candidates, each task gets a run of consecutive candidates
/// (balanced, the first tasks one more). With more tasks, each candidate gets a number of tasks proportional to its
/// CPU count (CPU-first) or GPU count (GPU-first), by largest remainder with ties to the earlier domain.</item>
/// <item><b>CPUs.</b> The k tasks of a domain (or run of domains) with m usable cores get contiguous, balanced blocks of
/// those cores, the first tasks one core more. With k &gt; m, task j shares core j mod m; the tasks sharing a core split
/// its hardware threads when there are enough (SMT on), otherwise they share them. A core contributes all its
/// usable hardware threads with SMT on, its first one with SMT off.</item>
/// <item><b>GPUs.</b> The GPUs homed in a domain go to that domain's tasks: contiguous balanced blocks when there are at
/// least as many GPUs as tasks, otherwise task j gets GPU j mod g (round-robin).</item>
/// <item><b>Threads.</b> <see cref="BindingOptions.ThreadsPerTask"/>, or else the CPUs used on the node divided by the
/// task count, at most the task's own CPU count and at least 1.</item>
/// </list>
/// </remarks>
public static partial class BindingPlanner
{
    /// <summary>Maps <paramref name="tasks"/> tasks onto <paramref name="topology"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tasks"/> or <see cref="BindingOptions.ThreadsPerTask"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The topology's allowed CPU set is empty.</exception>
    public static BindingPlan Plan(NodeTopology topology, int tasks, BindingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        options ??= BindingOptions.Default;
        if (options.ThreadsPerTask is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ThreadsPerTask, "ThreadsPerTask must be at least 1 (or null for the default).");
        }

        var domains = UsableDomains(topology);
        if (domains.Count == 0)
        {
            throw new InvalidOperationException($"The allowed CPU set is empty, so there is nothing to bind to ({topology}).");
        }

        var homes = GpuHomes(topology, domains);
        var located = topology.Gpus.Where(gpu => homes[gpu.Id] >= 0).ToList();
        var gpuFirst = options.Placement == BindingPlacement.GpuFirst && located.Count > 0;
        var groups = Place(domains, tasks, gpuFirst, located, homes, options.Smt);

        var cpus = new List<int>[tasks];
        var gpus = new List<int>[tasks];
        var used = 0;
        var next = 0;
        foreach (var group in groups)
        {
            var cores = group.Domains.SelectMany(d => d.Cores).ToList();
            used += cores.Sum(core => CpuCount(core, options.Smt));
            var groupCpus = AssignCpus(cores, group.Tasks, options.Smt);
            var groupGpus = Share(located.Where(gpu => group.Domains.Contains(domains[homes[gpu.Id]])).Select(gpu => gpu.Id).ToList(), group.Tasks);
            for (var j = 0; j < group.Tasks; j++)
            {
                cpus[next + j] = groupCpus[j];
                gpus[next + j] = groupGpus[j];
            }

            next += group.Tasks;
        }

        if (located.Count == 0 && !topology.Gpus.IsEmpty)
        {
            gpus = Share(topology.Gpus.Select(gpu => gpu.Id).ToList(), tasks);
        }

        var assignments = Enumerable.Range(0, tasks)
            .Select(t => new TaskAssignment(t, options.ThreadsPerTask ?? Math.Clamp(used / tasks, 1, cpus[t].Count), gpus[t], cpus[t]))
            .ToImmutableArray();
        return new BindingPlan(topology, options, assignments);
    }

    /// <summary>The domains (NUMA node × package) with their usable cores, in canonical core order.</summary>
    private static List<Domain> UsableDomains(NodeTopology topology)
    {
        var allowed = topology.AllowedCpus.ToHashSet();
        var domains = new List<Domain>();
        foreach (var core in topology.Cores)
        {
            var threads = core.HardwareThreads.Where(allowed.Contains).ToImmutableArray();
            if (threads.IsEmpty)
            {
                continue;
            }

            var domain = domains.Find(d => d.Package == core.Package && d.NumaNode == core.NumaNode);
            if (domain is null)
            {
                domain = new Domain(core.Package, core.NumaNode, []);
                domains.Add(domain);
            }

            domain.Cores.Add(new UsableCore(threads));
        }

        return domains;
    }

    /// <summary>For each GPU id, the index of its home domain, or -1 when it has none (or more than one).</summary>
    private static Dictionary<int, int> GpuHomes(NodeTopology topology, List<Domain> domains)
    {
        var homes = new Dictionary<int, int>();
        foreach (var gpu in topology.Gpus)
        {
            var candidates = Enumerable.Range(0, domains.Count).Where(d => domains[d].NumaNode == gpu.NumaNode).ToList();
            homes[gpu.Id] = candidates.Count == 1 ? candidates[0] : -1;
        }

        return homes;
    }

    /// <summary>Decides which domains each task lives in: runs of domains for few tasks, tasks per domain for many.</summary>
    private static List<Group> Place(List<Domain> domains, int tasks, bool gpuFirst, List<GpuDevice> located, Dictionary<int, int> homes, bool smt)
    {
        var candidates = gpuFirst
            ? domains.Where((_, d) => located.Any(gpu => homes[gpu.Id] == d)).ToList()
            : domains;
        var groups = new List<Group>();
        if (tasks <= candidates.Count)
        {
            var start = 0;
            foreach (var count in Distribute(candidates.Count, tasks))
            {
                groups.Add(new Group(candidates.GetRange(start, count), 1));
                start += count;
            }

            return groups;
        }

        var weights = candidates
            .Select(domain => gpuFirst
                ? located.Count(gpu => domains[homes[gpu.Id]] == domain)
                : domain.Cores.Sum(core => CpuCount(core, smt)))
            .ToArray();
        var perDomain = Proportional(tasks, weights);
        for (var d = 0; d < candidates.Count; d++)
        {
            if (perDomain[d] > 0)
            {
                groups.Add(new Group([candidates[d]], perDomain[d]));
            }
        }

        return groups;
    }

    private static int CpuCount(UsableCore core, bool smt) => smt ? core.Threads.Length : 1;

    /// <summary>The usable cores of one NUMA node within one package.</summary>
    private sealed record Domain(int Package, int NumaNode, List<UsableCore> Cores);

    /// <summary>A core's allowed hardware threads, ascending.</summary>
    private sealed record UsableCore(ImmutableArray<int> Threads);

    /// <summary>Consecutive domains and the number of tasks that share them.</summary>
    private sealed record Group(List<Domain> Domains, int Tasks);
}
