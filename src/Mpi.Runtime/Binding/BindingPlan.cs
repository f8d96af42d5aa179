using System.Collections.Immutable;

namespace TypedMpi.Binding;

/// <summary>The mapping of a node's tasks (node-local ranks) to threads, GPUs and CPUs, made by <see cref="BindingPlanner"/>.</summary>
public sealed class BindingPlan
{
    internal BindingPlan(NodeTopology topology, BindingOptions options, ImmutableArray<TaskAssignment> tasks)
    {
        Topology = topology;
        Options = options;
        Tasks = tasks;
    }

    /// <summary>The topology the plan was made for (its <see cref="NodeTopology.AllowedCpus"/> is the set that was divided).</summary>
    public NodeTopology Topology { get; }

    /// <summary>The options the plan was made with.</summary>
    public BindingOptions Options { get; }

    /// <summary>One assignment per task, indexed by task.</summary>
    public ImmutableArray<TaskAssignment> Tasks { get; }

    /// <summary>
    /// The plan in the mpibind form, one line per task, e.g.
    /// <code>
    /// task 0 nths 4 gpus 0 cpus 0-4
    /// task 1 nths 4 gpus 1 cpus 5-9
    /// </code>
    /// CPUs are a compressed list, GPUs comma-separated (empty when the task has none); lines are separated by
    /// <c>\n</c>, with none after the last.
    /// </summary>
    public override string ToString() => string.Join('\n', Tasks);
}
