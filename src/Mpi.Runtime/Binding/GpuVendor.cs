namespace TypedMpi.Binding;

/// <summary>The GPU vendors TypedMpi recognizes; each value is the vendor's PCI id.</summary>
public enum GpuVendor
{
    /// <summary>NVIDIA (PCI vendor 0x10de): devices are selected with <c>CUDA_VISIBLE_DEVICES</c>.</summary>
    Nvidia = 0x10de,

    /// <summary>AMD (PCI vendor 0x1002): devices are selected with <c>ROCR_VISIBLE_DEVICES</c>.</summary>
    Amd = 0x1002,

    /// <summary>Intel (PCI vendor 0x8086): devices are selected with <c>ZE_AFFINITY_MASK</c> (Level Zero).</summary>
    Intel = 0x8086,
}
