using TypedMpi.Binding;

namespace TypedMpi.Tests.Binding;

/// <summary>The variables that show a task only its GPUs.</summary>
public sealed class GpuVisibilityTests
{
    [Fact]
    public void NVIDIA_gets_CUDA_VISIBLE_DEVICES_in_PCI_bus_order()
    {
        Assert.Equal(
            [new("CUDA_DEVICE_ORDER", "PCI_BUS_ID"), new("CUDA_VISIBLE_DEVICES", "0,3")],
            GpuVisibility.Variables(GpuVendor.Nvidia, [3, 0]));
    }

    [Fact]
    public void AMD_gets_ROCR_VISIBLE_DEVICES_and_Intel_ZE_AFFINITY_MASK()
    {
        Assert.Equal([new("ROCR_VISIBLE_DEVICES", "4,5")], GpuVisibility.Variables(GpuVendor.Amd, [4, 5]));
        Assert.Equal(
            [new("ZE_ENABLE_PCI_ID_DEVICE_ORDER", "1"), new("ZE_AFFINITY_MASK", "1")],
            GpuVisibility.Variables(GpuVendor.Intel, [1]));
    }

    [Fact]
    public void A_task_without_GPUs_or_a_node_without_GPUs_sets_nothing()
    {
        Assert.Empty(GpuVisibility.Variables(GpuVendor.Nvidia, []));
        Assert.Empty(GpuVisibility.Variables(null, [0]));
    }
}
