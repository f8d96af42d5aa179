using TypedMpi.Binding;

namespace TypedMpi.Conformance.Scenarios;

/// <summary>
/// Node-local rank binding on the real machine: the plan is the same on every rank of the node, each rank's
/// threads end up on its CPUs, and the original affinity comes back (later scenarios must not run pinned).
/// </summary>
public static class BindingScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("bind.apply-node-local", ApplyNodeLocal),
        new("bind.plan-without-applying", PlanWithoutApplying),
    ];

    private static void ApplyNodeLocal(ScenarioContext ctx)
    {
        if (!RankBinding.IsSupported)
        {
            ctx.Throws<MpiNotSupportedException>(() => RankBinding.Apply(ctx.Comm), "RankBinding.Apply where affinity is not supported");
            return;
        }

        var before = CpuList.Format(CpuAffinity.GetCurrentThread());
        var binding = RankBinding.Apply(ctx.Comm);
        try
        {
            ctx.True(binding.Applied, "Applied");
            var mine = CpuList.Format(binding.Assignment.Cpus);
            ctx.Equal(before, CpuList.Format(binding.PreviousCpus), "PreviousCpus, the affinity before Apply");
            ctx.Equal(mine, CpuList.Format(CpuAffinity.GetCurrentThread()), $"the calling thread's affinity after Apply ({binding})");
            // A process binds all its threads; in-process ranks share the process, so each binds only its own thread.
            if (ctx.Mpi.Library.Family != AbiFamily.InProcess)
            {
                foreach (var (thread, cpus) in ThreadAffinities())
                {
                    ctx.Equal(mine, cpus, $"the affinity of thread {thread} (/proc/self/task/{thread}/status)");
                }
            }

            CheckNodePlan(ctx, binding);
        }
        finally
        {
            binding.Restore();
        }

        ctx.Equal(before, CpuList.Format(CpuAffinity.GetCurrentThread()), "the calling thread's affinity after Restore");
        if (ctx.Mpi.Library.Family != AbiFamily.InProcess)
        {
            foreach (var (thread, cpus) in ThreadAffinities())
            {
                ctx.Equal(before, cpus, $"the affinity of thread {thread} after Restore");
            }
        }
    }

    private static void PlanWithoutApplying(ScenarioContext ctx)
    {
        if (!RankBinding.IsSupported)
        {
            return;
        }

        var before = CpuList.Format(CpuAffinity.GetCurrentThread());
        var binding = RankBinding.Plan(ctx.Comm);
        ctx.True(!binding.Applied, "Applied is false for Plan");
        ctx.Equal(before, CpuList.Format(CpuAffinity.GetCurrentThread()), "the affinity after Plan (unchanged)");
        CheckNodePlan(ctx, binding);
        binding.Restore(); // nothing to restore: must not bind anything
        ctx.Equal(before, CpuList.Format(CpuAffinity.GetCurrentThread()), "the affinity after Restore of a plan");
    }

    /// <summary>What holds for the node as a whole: one plan, inside the ranks' original CPUs, no sharing while cores suffice.</summary>
    private static void CheckNodePlan(ScenarioContext ctx, RankBindingResult binding)
    {
        using var node = ctx.Comm.SplitType(CommunicatorSplitType.Shared, key: ctx.Rank);
        ctx.Equal(node.Size, binding.LocalSize, "LocalSize, the ranks on this node");
        ctx.Equal(node.Rank, binding.LocalRank, "LocalRank");
        ctx.Equal(node.Rank, binding.Assignment.Task, "the task index of this rank's assignment");

        // every rank of the node computed the same plan
        var text = binding.Plan.ToString();
        var hashes = node.Allgather(Fnv1a(text));
        ctx.True(hashes.All(h => h == hashes[0]), $"the same plan on every rank of the node; here:\n{text}");

        // the plan divides the union of the ranks' affinities before binding
        var union = UnionOverNode(node, binding.PreviousCpus);
        ctx.True(binding.Assignment.Cpus.All(union.Contains), $"this rank's CPUs {CpuList.Format(binding.Assignment.Cpus)} inside the node's original CPUs {CpuList.Format(union)}");
        ctx.Equal(CpuList.Format(union), CpuList.Format(binding.Plan.Topology.AllowedCpus), "the plan's allowed set (the union of the node's affinities)");

        // ranks do not share a CPU while there is a core each
        var usableCores = binding.Plan.Topology.Cores.Count(core => core.HardwareThreads.Any(union.Contains));
        if (node.Size <= usableCores)
        {
            var taken = node.Allgather(binding.Assignment.Cpus.Length).Sum();
            ctx.Equal(taken, UnionOverNode(node, binding.Assignment.Cpus).Count, "CPUs of the node's ranks, pairwise disjoint");
        }

        // the exact plan on a node of two single-thread cores (the 2-vCPU build machine)
        var topology = binding.Plan.Topology;
        if (topology.Cores.Length == 2 && topology.HardwareThreads.Length == 2 && union.Count == 2)
        {
            // 1 rank: both cores; 2 ranks: a core each; 3 or 4: task j on core j mod 2
            var expected = node.Size == 1 ? "task 0 nths 2 gpus  cpus 0-1" : $"task {node.Rank} nths 1 gpus  cpus {node.Rank % 2}";
            ctx.Equal(expected, binding.Assignment.ToString(), "this rank's line on a 2-core node");
        }
    }

    /// <summary>The union over the node's ranks of a set of CPU ids (a bitwise OR of 1024-CPU masks).</summary>
    private static HashSet<int> UnionOverNode(Communicator node, IEnumerable<int> cpus)
    {
        var mask = new ulong[16];
        foreach (var cpu in cpus)
        {
            mask[cpu / 64] |= 1UL << (cpu % 64);
        }

        node.Allreduce(mask.AsSpan(), MpiOp.BitwiseOr);
        return Enumerable.Range(0, 1024).Where(cpu => (mask[cpu / 64] & (1UL << (cpu % 64))) != 0).ToHashSet();
    }

    /// <summary>Each live thread's Cpus_allowed_list, read from /proc, independently of sched_getaffinity.</summary>
    private static IEnumerable<(string Thread, string Cpus)> ThreadAffinities()
    {
        const string Field = "Cpus_allowed_list:";
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            string? line;
            try
            {
                line = File.ReadLines(Path.Combine(task, "status")).FirstOrDefault(l => l.StartsWith(Field, StringComparison.Ordinal));
            }
            catch (IOException)
            {
                continue; // the thread ended
            }

            if (line is not null)
            {
                yield return (Path.GetFileName(task), line[Field.Length..].Trim());
            }
        }
    }

    /// <summary>A hash that is the same in every process (string.GetHashCode is randomized per process).</summary>
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
