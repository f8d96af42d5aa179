using System.Globalization;

namespace TypedMpi.Binding;

/// <summary>
/// Reads a <see cref="NodeTopology"/> from Linux's <c>/sys</c> and <c>/proc</c>, with no native library (no hwloc).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>CPUs: <c>/sys/devices/system/cpu/online</c> (else the <c>cpuN</c> directories); per CPU,
/// <c>topology/physical_package_id</c>, <c>topology/core_id</c> and <c>topology/thread_siblings_list</c> (a CPU
/// without them is a core of its own in package 0).</item>
/// <item>NUMA: <c>/sys/devices/system/node/nodeN/cpulist</c>; without it, one node 0 holding every CPU.</item>
/// <item>Allowed CPUs: <c>Cpus_allowed_list</c> in <c>/proc/self/status</c> (the main thread's affinity); without it, every CPU.</item>
/// <item>GPUs: display-class PCI devices (<c>0x0300</c>, <c>0x0302</c>, <c>0x0380</c>) from NVIDIA, AMD or Intel in
/// <c>/sys/bus/pci/devices</c>, with their <c>numa_node</c>; else those behind <c>/sys/class/drm/cardN</c>; else
/// <c>/dev/nvidiaN</c>. Only the vendor with the most devices is kept; ids follow PCI address order.</item>
/// </list>
/// Every path is taken under a root directory, so a test can point the reader at a fake tree.
/// </remarks>
public static partial class LinuxTopologyReader
{
    /// <summary>Reads the topology of the machine this process runs on.</summary>
    /// <exception cref="PlatformNotSupportedException">There is no <c>/sys/devices/system/cpu</c> (not Linux, or <c>/sys</c> not mounted).</exception>
    public static NodeTopology Read() => Read("/");

    /// <summary>Reads the topology from the tree under <paramref name="root"/>: <c>root/sys/...</c> and <c>root/proc/self/status</c>.</summary>
    /// <exception cref="PlatformNotSupportedException">There is no <c>root/sys/devices/system/cpu</c> or it lists no CPU.</exception>
    public static NodeTopology Read(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var cpus = ReadOnlineCpus(root);
        var (numaOf, hasNuma) = ReadNumaNodes(root, cpus);
        var cores = ReadCores(root, cpus, numaOf);
        var allowed = ReadAllowedCpus(root, cpus);
        var gpus = ReadGpus(root, numaOf.Values.Distinct().ToHashSet());
        return new NodeTopology(cores, gpus, allowed, hasNuma);
    }

    private static SortedSet<int> ReadOnlineCpus(string root)
    {
        var directory = Path.Combine(root, "sys/devices/system/cpu");
        if (!Directory.Exists(directory))
        {
            throw new PlatformNotSupportedException($"Reading the node topology needs Linux's {directory}, which does not exist.");
        }

        var cpus = new SortedSet<int>();
        if (ReadText(Path.Combine(directory, "online")) is { } online)
        {
            cpus.UnionWith(CpuList.Parse(online));
        }
        else
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "cpu*"))
            {
                if (NumberAfter(Path.GetFileName(entry), "cpu") is { } cpu)
                {
                    cpus.Add(cpu);
                }
            }
        }

        return cpus.Count > 0 ? cpus : throw new PlatformNotSupportedException($"{directory} lists no online CPU.");
    }

    /// <summary>The NUMA node of every CPU; (all in node 0, false) when the system says nothing.</summary>
    private static (Dictionary<int, int> NumaOf, bool HasNuma) ReadNumaNodes(string root, SortedSet<int> cpus)
    {
        var numaOf = new Dictionary<int, int>();
        var directory = Path.Combine(root, "sys/devices/system/node");
        if (Directory.Exists(directory))
        {
            var nodes = Directory.EnumerateFileSystemEntries(directory, "node*")
                .Select(entry => (Path: entry, Id: NumberAfter(Path.GetFileName(entry), "node")))
                .Where(node => node.Id is not null)
                .OrderBy(node => node.Id);
            foreach (var (path, id) in nodes)
            {
                foreach (var cpu in ReadList(Path.Combine(path, "cpulist")))
                {
                    if (cpus.Contains(cpu))
                    {
                        numaOf.TryAdd(cpu, id!.Value);
                    }
                }
            }
        }

        if (numaOf.Count == 0)
        {
            return (cpus.ToDictionary(cpu => cpu, _ => 0), false);
        }

        // A CPU no node claims (a half-written sysfs) joins the first node rather than inventing one.
        var first = numaOf.Values.Min();
        foreach (var cpu in cpus)
        {
            numaOf.TryAdd(cpu, first);
        }

        return (numaOf, true);
    }

    /// <summary>Groups the CPUs into cores by package and thread siblings.</summary>
    private static List<CpuCore> ReadCores(string root, SortedSet<int> cpus, Dictionary<int, int> numaOf)
    {
        var threadsOf = new SortedDictionary<(int Package, int FirstSibling), (int CoreId, SortedSet<int> Threads)>();
        foreach (var cpu in cpus)
        {
            var topology = Path.Combine(root, "sys/devices/system/cpu", $"cpu{cpu}", "topology");
            var package = Math.Max(0, ReadInt(Path.Combine(topology, "physical_package_id")) ?? 0);
            var coreId = ReadInt(Path.Combine(topology, "core_id")) ?? cpu;
            var siblings = new SortedSet<int>(ReadList(Path.Combine(topology, "thread_siblings_list"), Path.Combine(topology, "core_cpus_list")));
            siblings.IntersectWith(cpus);
            siblings.Add(cpu);
            var key = (package, siblings.Min);
            if (!threadsOf.TryGetValue(key, out var core))
            {
                core = (coreId, new SortedSet<int>());
                threadsOf.Add(key, core);
            }

            core.Threads.Add(cpu);
        }

        return threadsOf.Select(entry => new CpuCore(entry.Key.Package, numaOf[entry.Value.Threads.Min], entry.Value.CoreId, entry.Value.Threads)).ToList();
    }

    private static int[] ReadAllowedCpus(string root, SortedSet<int> cpus)
    {
        const string Field = "Cpus_allowed_list:";
        var status = ReadText(Path.Combine(root, "proc/self/status"));
        foreach (var line in (status ?? "").Split('\n'))
        {
            if (line.StartsWith(Field, StringComparison.Ordinal))
            {
                return CpuList.Parse(line[Field.Length..]).Where(cpus.Contains).ToArray();
            }
        }

        return [.. cpus];
    }

    /// <summary>The text of a small sysfs/procfs file, or null when it is missing or unreadable.</summary>
    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The first of <paramref name="paths"/> that holds a CPU list, parsed; empty when none does.</summary>
    private static int[] ReadList(params ReadOnlySpan<string> paths)
    {
        foreach (var path in paths)
        {
            if (ReadText(path) is { } text)
            {
                return CpuList.Parse(text);
            }
        }

        return [];
    }

    private static int? ReadInt(string path) =>
        int.TryParse(ReadText(path), NumberStyles.AllowLeadingSign | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>N when <paramref name="name"/> is <paramref name="prefix"/> followed by digits only (<c>cpu12</c>, not <c>cpufreq</c>).</summary>
    private static int? NumberAfter(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length && name.AsSpan(prefix.Length).IndexOfAnyExceptInRange('0', '9') < 0
            && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
