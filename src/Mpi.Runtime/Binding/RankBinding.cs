using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace TypedMpi.Binding;

/// <summary>
/// Binds each rank to its share of its node's cores and GPUs in one call: the node-local ranks come from a
/// shared-memory split, the topology from <c>/sys</c>, the mapping from <see cref="BindingPlanner"/>.
/// </summary>
/// <example>
/// <code>
/// return Mpi.Run(args, world =>
/// {
///     var binding = RankBinding.Apply(world);
///     if (binding.LocalRank == 0) Console.WriteLine(binding.Plan);   // task 0 nths 4 gpus 0 cpus 0-4 ...
///     binding.SetVisibleDevices();                                     // before the GPU library starts
///     Environment.SetEnvironmentVariable("OMP_NUM_THREADS", binding.Assignment.Threads.ToString());
/// });
/// </code>
/// </example>
public static class RankBinding
{
    /// <summary>True where ranks can be bound (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && CpuAffinity.IsSupported;

    /// <summary>
    /// Plans the binding of the ranks of this rank's node and binds every thread of this process to its CPUs (an in-process
    /// rank, whose process is shared, binds only its own thread). Collective over <paramref name="comm"/>.
    /// </summary>
    /// <remarks>
    /// The CPUs divided are the union of the current affinities of the node's ranks, so a launcher that pinned each
    /// rank to one core (Open MPI does at 2 ranks or fewer) does not shrink the plan to one core per node, while a
    /// batch system's allocation is respected. To give the plan the whole node under Open MPI, start with
    /// <c>--bind-to none</c>.
    /// </remarks>
    /// <exception cref="MpiNotSupportedException">Not Linux (see <see cref="IsSupported"/>).</exception>
    public static RankBindingResult Apply(Communicator comm, BindingOptions? options = null) => Run(comm, options, apply: true);

    /// <summary>The same plan as <see cref="Apply"/>, without binding anything. Collective over <paramref name="comm"/>.</summary>
    /// <exception cref="MpiNotSupportedException">Not Linux (see <see cref="IsSupported"/>).</exception>
    public static RankBindingResult Plan(Communicator comm, BindingOptions? options = null) => Run(comm, options, apply: false);

    private static RankBindingResult Run(Communicator comm, BindingOptions? options, bool apply)
    {
        ArgumentNullException.ThrowIfNull(comm);
        if (!IsSupported)
        {
            throw new MpiNotSupportedException(
                $"Binding ranks to cores needs Linux (/sys and sched_setaffinity); this is {RuntimeInformation.OSDescription}.",
                "sched_setaffinity",
                "Check RankBinding.IsSupported first, or bind with the launcher (mpirun --bind-to, srun --cpu-bind).",
                comm.Rank);
        }

        using var node = comm.SplitType(CommunicatorSplitType.Shared, key: comm.Rank);
        var topology = LinuxTopologyReader.Read();
        var previous = CpuAffinity.GetCurrentThread();
        var allowed = NodeAllowedCpus(node, topology, previous);
        var plan = BindingPlanner.Plan(topology.WithAllowedCpus(allowed), node.Size, options);
        // In-process ranks share one process: each binds only its own thread.
        var threadOnly = comm.Native.IsInProcess;
        if (apply && threadOnly)
        {
            CpuAffinity.SetCurrentThread(plan.Tasks[node.Rank].Cpus.AsSpan());
        }
        else if (apply)
        {
            CpuAffinity.SetProcess(plan.Tasks[node.Rank].Cpus.AsSpan());
        }

        return new RankBindingResult(plan, node.Rank, previous, apply, threadOnly);
    }

    /// <summary>The union of the affinities of the node's ranks (a bitwise OR of their masks), within the node's CPUs.</summary>
    private static int[] NodeAllowedCpus(Communicator node, NodeTopology topology, ImmutableArray<int> mine)
    {
        var highest = node.Allreduce(topology.HardwareThreads[^1], MpiOp.Max);
        var mask = new ulong[highest / 64 + 1];
        foreach (var cpu in mine)
        {
            if (cpu <= highest)
            {
                mask[cpu / 64] |= 1UL << (cpu % 64);
            }
        }

        node.Allreduce(mask.AsSpan(), MpiOp.BitwiseOr);
        return topology.HardwareThreads.Where(cpu => (mask[cpu / 64] & (1UL << (cpu % 64))) != 0).ToArray();
    }
}
