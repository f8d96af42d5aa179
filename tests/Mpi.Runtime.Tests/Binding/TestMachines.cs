using System.Collections.Concurrent;
using TypedMpi.Binding;

namespace TypedMpi.Tests.Binding;

/// <summary>The machines the binding tests use, each written as a fake /sys tree and read back with <see cref="LinuxTopologyReader"/>.</summary>
internal static class TestMachines
{
    /// <summary>1 package, 4 cores, no SMT, 1 NUMA node, no GPU.</summary>
    public static FakeSysfs SingleSocketTree() => FakeSysfs.Machine(packages: 1, numaPerPackage: 1, coresPerNuma: 4, smt: 1);

    /// <summary>
    /// The seed's example: 2 packages × 18 cores, SMT-2 (core c runs CPUs c and c+36), 1 NUMA node per package, and two
    /// NVIDIA GPUs on package 0. Around them, PCI devices that are not GPUs: a host bridge, the BMC's ASPEED VGA, an
    /// InfiniBand NIC on NUMA 1.
    /// </summary>
    public static FakeSysfs SeedTree() =>
        FakeSysfs.Machine(packages: 2, numaPerPackage: 1, coresPerNuma: 18, smt: 2)
            .Pci("0000:00:00.0", "0x060000", "0x8086", 0)
            .Pci("0000:03:00.0", "0x030000", "0x1a03", 0)
            .Pci("0000:5e:00.0", "0x030200", "0x10de", 0)
            .Pci("0000:3b:00.0", "0x030200", "0x10de", 0)
            .Pci("0000:af:00.0", "0x020700", "0x15b3", 1);

    /// <summary>
    /// 1 package with 4 NUMA nodes × 4 cores, SMT-2 (core c runs CPUs c and c+16), and 8 AMD GPUs (class 0x0380, as
    /// Instinct GPUs report) whose PCI order is not NUMA order, as on Frontier: GPUs 0-1 on NUMA 3, 2-3 on 1, 4-5 on
    /// 0, 6-7 on 2.
    /// </summary>
    public static FakeSysfs FourNumaTree()
    {
        var sys = FakeSysfs.Machine(packages: 1, numaPerPackage: 4, coresPerNuma: 4, smt: 2);
        string[] addresses = ["0000:c1:00.0", "0000:c6:00.0", "0000:c9:00.0", "0000:ce:00.0", "0000:d1:00.0", "0000:d6:00.0", "0000:d9:00.0", "0000:de:00.0"];
        int[] numa = [3, 3, 1, 1, 0, 0, 2, 2];
        foreach (var i in (int[])[5, 2, 7, 0, 3, 6, 1, 4]) // written out of order: the reader must sort
        {
            sys.Pci(addresses[i], "0x038000", "0x1002", numa[i]);
        }

        return sys;
    }

    /// <summary>8 bare cpuN directories: no online file, no topology, no NUMA, no PCI, no /proc (a locked-down container).</summary>
    public static FakeSysfs NoInformationTree()
    {
        var sys = new FakeSysfs();
        for (var cpu = 0; cpu < 8; cpu++)
        {
            sys.BareCpu(cpu);
        }

        return sys;
    }

    public static NodeTopology SingleSocket() => Cached("single-socket", null, SingleSocketTree);

    public static NodeTopology Seed(string? allowed = null) => Cached("seed", allowed, SeedTree);

    public static NodeTopology FourNuma(string? allowed = null) => Cached("four-numa", allowed, FourNumaTree);

    public static NodeTopology NoInformation() => Cached("no-information", null, NoInformationTree);

    /// <summary>Topologies are immutable, so each tree is written and read once per test run.</summary>
    private static NodeTopology Cached(string machine, string? allowed, Func<FakeSysfs> tree) =>
        s_read.GetOrAdd($"{machine} {allowed}", _ => Read(tree(), allowed));

    private static readonly ConcurrentDictionary<string, NodeTopology> s_read = new(StringComparer.Ordinal);

    /// <summary>Reads a tree (with <paramref name="allowed"/> as the Cpus_allowed_list) and deletes it.</summary>
    public static NodeTopology Read(FakeSysfs tree, string? allowed = null)
    {
        using (tree)
        {
            if (allowed is not null)
            {
                tree.Allowed(allowed);
            }

            return LinuxTopologyReader.Read(tree.Root);
        }
    }
}
