namespace TypedMpi.Binding;

/// <summary>Which resource decides where ranks go when the node has GPUs.</summary>
public enum BindingPlacement
{
    /// <summary>
    /// Every rank sits next to a GPU: ranks go only to the NUMA domains that have GPUs, in proportion to their GPU
    /// count, and share those domains' cores. For programs whose work is on the GPU. The default. On a node
    /// without GPUs (or whose GPUs' NUMA locality is unknown) it is the same as <see cref="CpuFirst"/>.
    /// </summary>
    GpuFirst,

    /// <summary>
    /// Ranks spread over every NUMA domain in proportion to its cores; each domain's GPUs go to the ranks in that
    /// domain. For programs whose work is on the CPU: all cores are used, and ranks far from every GPU get none.
    /// </summary>
    CpuFirst,
}
