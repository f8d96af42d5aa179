namespace TypedMpi.Tests.Binding;

/// <summary>
/// A fake <c>/sys</c> + <c>/proc/self/status</c> + <c>/dev</c> tree in a temporary directory, for
/// <see cref="TypedMpi.Binding.LinuxTopologyReader"/>. Files hold what the kernel writes, newline included.
/// </summary>
internal sealed class FakeSysfs : IDisposable
{
    public FakeSysfs() => Root = Directory.CreateTempSubdirectory("typedmpi-sysfs-").FullName;

    public string Root { get; }

    /// <summary>
    /// A machine numbered the way Linux numbers Intel servers: core c (across packages) has hardware threads
    /// c, c + cores, c + 2·cores, ...; NUMA node n holds cores n·coresPerNuma ... and their siblings.
    /// </summary>
    public static FakeSysfs Machine(int packages, int numaPerPackage, int coresPerNuma, int smt, bool withNuma = true)
    {
        var sys = new FakeSysfs();
        var cores = packages * numaPerPackage * coresPerNuma;
        var numaCpus = new Dictionary<int, List<int>>();
        for (var core = 0; core < cores; core++)
        {
            var siblings = Enumerable.Range(0, smt).Select(t => core + t * cores).ToArray();
            var package = core / (numaPerPackage * coresPerNuma);
            foreach (var cpu in siblings)
            {
                sys.Cpu(cpu, package, core % (numaPerPackage * coresPerNuma), string.Join(',', siblings));
            }

            var numa = core / coresPerNuma;
            if (!numaCpus.TryGetValue(numa, out var list))
            {
                numaCpus[numa] = list = [];
            }

            list.AddRange(siblings);
        }

        sys.Write("sys/devices/system/cpu/online", $"0-{cores * smt - 1}");
        if (withNuma)
        {
            foreach (var (node, cpus) in numaCpus)
            {
                sys.Numa(node, TypedMpi.Binding.CpuList.Format(cpus));
            }
        }

        return sys;
    }

    /// <summary>One CPU with its topology files.</summary>
    public FakeSysfs Cpu(int cpu, int package, int coreId, string siblings)
    {
        var topology = $"sys/devices/system/cpu/cpu{cpu}/topology";
        Write($"{topology}/physical_package_id", package.ToString());
        Write($"{topology}/core_id", coreId.ToString());
        Write($"{topology}/thread_siblings_list", siblings);
        return this;
    }

    /// <summary>A bare <c>cpuN</c> directory, as in a container or VM that hides the topology.</summary>
    public FakeSysfs BareCpu(int cpu)
    {
        Directory.CreateDirectory(Path.Combine(Root, $"sys/devices/system/cpu/cpu{cpu}"));
        return this;
    }

    public FakeSysfs Numa(int node, string cpulist) => Write($"sys/devices/system/node/node{node}/cpulist", cpulist);

    /// <summary>/proc/self/status with the allowed CPU list among other lines, as the kernel writes it.</summary>
    public FakeSysfs Allowed(string list) =>
        Write("proc/self/status", $"Name:\tdotnet\nState:\tR (running)\nCpus_allowed:\tffff\nCpus_allowed_list:\t{list}\nMems_allowed_list:\t0-1\n");

    /// <summary>A PCI device: class and vendor as <c>0x...</c>, numa_node as the kernel writes it (-1 when unknown).</summary>
    public FakeSysfs Pci(string address, string deviceClass, string vendor, int numaNode)
    {
        var device = $"sys/bus/pci/devices/{address}";
        Write($"{device}/class", deviceClass);
        Write($"{device}/vendor", vendor);
        Write($"{device}/numa_node", numaNode.ToString());
        return this;
    }

    /// <summary>A DRM card whose <c>device</c> is the PCI device (a directory here, a symlink on a real system).</summary>
    public FakeSysfs DrmCard(int card, string address, string deviceClass, string vendor, int numaNode)
    {
        var device = $"sys/class/drm/card{card}/device";
        Write($"{device}/class", deviceClass);
        Write($"{device}/vendor", vendor);
        Write($"{device}/numa_node", numaNode.ToString());
        Write($"{device}/uevent", $"DRIVER=amdgpu\nPCI_CLASS=38000\nPCI_SLOT_NAME={address}\n");
        Directory.CreateDirectory(Path.Combine(Root, $"sys/class/drm/card{card}-DP-1"));
        return this;
    }

    public FakeSysfs DeviceFile(string name) => Write($"dev/{name}", "", newline: false);

    public FakeSysfs Write(string path, string text, bool newline = true)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, newline ? text + "\n" : text);
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
