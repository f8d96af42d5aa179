namespace TypedMpi.Binding;

/// <summary>
/// The environment variables that restrict a GPU runtime to a task's GPUs: <c>CUDA_VISIBLE_DEVICES</c> (NVIDIA),
/// <c>ROCR_VISIBLE_DEVICES</c> (AMD), <c>ZE_AFFINITY_MASK</c> (Intel Level Zero).
/// </summary>
/// <remarks>
/// GPU runtimes read these once, when they start: call <see cref="Set"/> before the first CUDA/HIP/SYCL call (and
/// before other threads read the environment; <c>setenv</c> is not thread-safe). Ids are indices in PCI bus order,
/// so NVIDIA also gets <c>CUDA_DEVICE_ORDER=PCI_BUS_ID</c> (CUDA's default order is fastest first) and Intel
/// <c>ZE_ENABLE_PCI_ID_DEVICE_ORDER=1</c>. Inside the process the GPUs are then numbered from 0: a task given GPU 3
/// sees it as device 0. A task without GPUs gets no variables (an empty value means "no device" to CUDA but "every
/// device" to Level Zero, and .NET drops a variable set to the empty string): it should simply not use a GPU.
/// </remarks>
public static class GpuVisibility
{
    /// <summary>The variables (name, value) that show only <paramref name="gpus"/> to <paramref name="vendor"/>'s runtime; none when the vendor is null or the list empty.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Variables(GpuVendor? vendor, IEnumerable<int> gpus)
    {
        ArgumentNullException.ThrowIfNull(gpus);
        var list = string.Join(',', gpus.Distinct().Order());
        return list.Length == 0 ? [] : vendor switch
        {
            GpuVendor.Nvidia => [new("CUDA_DEVICE_ORDER", "PCI_BUS_ID"), new("CUDA_VISIBLE_DEVICES", list)],
            GpuVendor.Amd => [new("ROCR_VISIBLE_DEVICES", list)],
            GpuVendor.Intel => [new("ZE_ENABLE_PCI_ID_DEVICE_ORDER", "1"), new("ZE_AFFINITY_MASK", list)],
            _ => [],
        };
    }

    /// <summary>
    /// Sets <see cref="Variables"/> in this process, both for .NET (<see cref="Environment.SetEnvironmentVariable(string, string)"/>,
    /// which child processes inherit) and in the native environment that GPU libraries read (libc <c>setenv</c>;
    /// on Unix .NET keeps its own copy and does not update it). Returns what was set.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Set(GpuVendor? vendor, IEnumerable<int> gpus)
    {
        var variables = Variables(vendor, gpus);
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
            NativeAffinity.TrySetNativeEnvironment(name, value);
        }

        return variables;
    }
}
