namespace TypedMpi.Binding;

/// <summary>One GPU of the node.</summary>
/// <param name="Id">
/// The device's index among the node's GPUs of its vendor in PCI bus order: the number
/// <c>CUDA_VISIBLE_DEVICES</c> (with <c>CUDA_DEVICE_ORDER=PCI_BUS_ID</c>), <c>ROCR_VISIBLE_DEVICES</c> or
/// <c>ZE_AFFINITY_MASK</c> expects.
/// </param>
/// <param name="Vendor">Who made it.</param>
/// <param name="PciAddress">Its PCI address (e.g. <c>0000:3b:00.0</c>), or null when it was only seen as <c>/dev/nvidiaN</c>.</param>
/// <param name="NumaNode">The NUMA node it is attached to, or null when the system does not say.</param>
public sealed record GpuDevice(int Id, GpuVendor Vendor, string? PciAddress, int? NumaNode)
{
    /// <summary>E.g. <c>GPU 0 (Nvidia 0000:3b:00.0, NUMA 0)</c>.</summary>
    public override string ToString() =>
        $"GPU {Id} ({Vendor} {PciAddress ?? "(no PCI address)"}, {(NumaNode is { } node ? $"NUMA {node}" : "NUMA unknown")})";
}
