using TypedMpi.Binding;

namespace TypedMpi.Tests.Binding;

/// <summary>The topology read from fake /sys trees: what each file contributes and what happens when it is missing.</summary>
public sealed class LinuxTopologyReaderTests
{
    [Fact]
    public void A_single_socket_machine_has_one_package_one_NUMA_node_and_no_GPU()
    {
        var topology = TestMachines.SingleSocket();
        Assert.Equal("1 package, 1 NUMA node, 4 cores, 4 hardware threads, allowed 0-3, no GPUs", topology.ToString());
        Assert.True(topology.HasNumaInformation);
        Assert.Null(topology.GpuVendor);
    }

    [Fact]
    public void The_seed_machine_has_two_packages_of_18_SMT_2_cores_and_two_NVIDIA_GPUs_on_NUMA_0()
    {
        var topology = TestMachines.Seed();
        // 2 packages, 2 NUMA nodes, 36 cores, 72 hardware threads, allowed 0-71, 2 Nvidia GPUs (0-1 on NUMA 0)
        Assert.Equal("2 packages, 2 NUMA nodes, 36 cores, 72 hardware threads, allowed 0-71, 2 Nvidia GPUs (0-1 on NUMA 0)", topology.ToString());
        Assert.Equal([0, 1], topology.Packages.ToArray());
        Assert.Equal(["NUMA node 0: 0-17,36-53", "NUMA node 1: 18-35,54-71"], topology.NumaNodes.Select(n => n.ToString()));
        Assert.Equal("core 0 (package 0, NUMA 0): 0,36", topology.Cores[0].ToString());
        Assert.Equal("core 17 (package 1, NUMA 1): 35,71", topology.Cores[^1].ToString());

        // the GPUs are numbered in PCI order, whatever order the directory lists them in; the BMC VGA (ASPEED) is not one
        Assert.Equal(
            [new GpuDevice(0, GpuVendor.Nvidia, "0000:3b:00.0", 0), new GpuDevice(1, GpuVendor.Nvidia, "0000:5e:00.0", 0)],
            topology.Gpus.ToArray());
    }

    [Fact]
    public void The_four_NUMA_machine_keeps_each_AMD_GPU_on_its_own_NUMA_node()
    {
        var topology = TestMachines.FourNuma();
        Assert.Equal("1 package, 4 NUMA nodes, 16 cores, 32 hardware threads, allowed 0-31, 8 Amd GPUs (0-1 on NUMA 3, 2-3 on NUMA 1, 4-5 on NUMA 0, 6-7 on NUMA 2)", topology.ToString());
        Assert.Equal([3, 3, 1, 1, 0, 0, 2, 2], topology.Gpus.Select(g => g.NumaNode!.Value));
        Assert.Equal("NUMA node 2: 8-11,24-27", topology.NumaNodes[2].ToString());
    }

    [Fact]
    public void The_allowed_set_comes_from_Cpus_allowed_list_in_proc_self_status()
    {
        var topology = TestMachines.Seed(allowed: "4-9,40-45");
        Assert.Equal("4-9,40-45", CpuList.Format(topology.AllowedCpus));
        Assert.Equal(72, topology.HardwareThreads.Length); // the machine is still all there
    }

    [Fact]
    public void A_machine_that_tells_nothing_is_one_NUMA_node_of_single_thread_cores_without_GPUs()
    {
        var topology = TestMachines.NoInformation();
        Assert.Equal("1 package, no NUMA information, 8 cores, 8 hardware threads, allowed 0-7, no GPUs", topology.ToString());
        Assert.False(topology.HasNumaInformation);
        Assert.Equal("NUMA node 0: 0-7", Assert.Single(topology.NumaNodes).ToString());
    }

    [Fact]
    public void Offline_CPUs_are_left_out()
    {
        using var sys = FakeSysfs.Machine(packages: 1, numaPerPackage: 1, coresPerNuma: 4, smt: 1).Write("sys/devices/system/cpu/online", "0-2");
        var topology = LinuxTopologyReader.Read(sys.Root);
        Assert.Equal([0, 1, 2], topology.HardwareThreads.ToArray());
    }

    [Fact]
    public void Without_NUMA_directories_the_packages_still_come_from_the_topology_files()
    {
        var topology = TestMachines.Read(FakeSysfs.Machine(packages: 2, numaPerPackage: 1, coresPerNuma: 2, smt: 2, withNuma: false));
        Assert.Equal("2 packages, no NUMA information, 4 cores, 8 hardware threads, allowed 0-7, no GPUs", topology.ToString());
    }

    [Fact]
    public void A_GPU_with_numa_node_minus_1_has_unknown_locality_on_a_multi_NUMA_machine()
    {
        var topology = TestMachines.Read(FakeSysfs.Machine(packages: 2, numaPerPackage: 1, coresPerNuma: 2, smt: 1).Pci("0000:3b:00.0", "0x030200", "0x10de", -1));
        Assert.Null(Assert.Single(topology.Gpus).NumaNode);
    }

    [Fact]
    public void A_GPU_with_numa_node_minus_1_is_on_the_only_NUMA_node_of_a_single_NUMA_machine()
    {
        var topology = TestMachines.Read(TestMachines.SingleSocketTree().Pci("0000:01:00.0", "0x030000", "0x10de", -1));
        Assert.Equal(0, Assert.Single(topology.Gpus).NumaNode);
    }

    [Fact]
    public void Without_PCI_devices_the_DRM_cards_are_the_GPUs()
    {
        var topology = TestMachines.Read(FakeSysfs.Machine(packages: 2, numaPerPackage: 1, coresPerNuma: 2, smt: 1)
            .DrmCard(1, "0000:c1:00.0", "0x038000", "0x1002", 1)
            .DrmCard(0, "0000:41:00.0", "0x038000", "0x1002", 0));
        Assert.Equal(
            [new GpuDevice(0, GpuVendor.Amd, "0000:41:00.0", 0), new GpuDevice(1, GpuVendor.Amd, "0000:c1:00.0", 1)],
            topology.Gpus.ToArray());
    }

    [Fact]
    public void Without_PCI_or_DRM_the_dev_nvidia_files_are_NVIDIA_GPUs_of_unknown_locality()
    {
        var topology = TestMachines.Read(FakeSysfs.Machine(packages: 2, numaPerPackage: 1, coresPerNuma: 2, smt: 1)
            .DeviceFile("nvidia1").DeviceFile("nvidia0").DeviceFile("nvidiactl").DeviceFile("nvidia-uvm"));
        Assert.Equal([new GpuDevice(0, GpuVendor.Nvidia, null, null), new GpuDevice(1, GpuVendor.Nvidia, null, null)], topology.Gpus.ToArray());
    }

    [Fact]
    public void An_integrated_Intel_GPU_does_not_take_an_id_next_to_a_discrete_NVIDIA_one()
    {
        var topology = TestMachines.Read(TestMachines.SingleSocketTree()
            .Pci("0000:00:02.0", "0x030000", "0x8086", -1)
            .Pci("0000:01:00.0", "0x030000", "0x10de", -1));
        Assert.Equal([new GpuDevice(0, GpuVendor.Nvidia, "0000:01:00.0", 0)], topology.Gpus.ToArray());
    }

    [Fact]
    public void A_machine_without_sys_is_not_supported()
    {
        var empty = Directory.CreateTempSubdirectory("typedmpi-empty-");
        try
        {
            var e = Assert.Throws<PlatformNotSupportedException>(() => LinuxTopologyReader.Read(empty.FullName));
            Assert.Contains("sys/devices/system/cpu", e.Message);
        }
        finally
        {
            empty.Delete();
        }
    }

    [Fact]
    public void This_machine_reads_without_error_and_its_allowed_set_is_this_process_affinity()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var topology = LinuxTopologyReader.Read();
        Assert.NotEmpty(topology.Cores);
        Assert.Equal(CpuAffinity.GetCurrentThread().ToArray(), topology.AllowedCpus.ToArray());
    }
}
