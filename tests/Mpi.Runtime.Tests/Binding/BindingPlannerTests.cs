using TypedMpi.Binding;

namespace TypedMpi.Tests.Binding;

/// <summary>
/// Exact mappings on the test machines. Each expectation is the plan as printed: <c>task i nths n gpus g cpus c</c>.
/// </summary>
public sealed class BindingPlannerTests
{
    private static readonly BindingOptions CpuFirst = new() { Placement = BindingPlacement.CpuFirst };
    private static readonly BindingOptions Smt = new() { Smt = true };
    private static readonly BindingOptions CpuFirstSmt = new() { Placement = BindingPlacement.CpuFirst, Smt = true };

    private static string Plan(NodeTopology topology, int tasks, BindingOptions? options = null) =>
        BindingPlanner.Plan(topology, tasks, options).ToString();

    // ---- single socket, 4 cores, no SMT, no GPU -------------------------------------------------------------

    [Fact]
    public void Single_socket_one_task_gets_every_core()
    {
        Assert.Equal("task 0 nths 4 gpus  cpus 0-3", Plan(TestMachines.SingleSocket(), 1));
    }

    [Fact]
    public void Single_socket_tasks_get_contiguous_balanced_blocks_the_first_ones_larger()
    {
        var topology = TestMachines.SingleSocket();
        Assert.Equal(
            """
            task 0 nths 2 gpus  cpus 0-1
            task 1 nths 2 gpus  cpus 2-3
            """, Plan(topology, 2));
        Assert.Equal(
            """
            task 0 nths 1 gpus  cpus 0-1
            task 1 nths 1 gpus  cpus 2
            task 2 nths 1 gpus  cpus 3
            """, Plan(topology, 3));
    }

    [Fact]
    public void Single_socket_more_tasks_than_cores_share_the_cores_round_robin()
    {
        Assert.Equal(
            """
            task 0 nths 1 gpus  cpus 0
            task 1 nths 1 gpus  cpus 1
            task 2 nths 1 gpus  cpus 2
            task 3 nths 1 gpus  cpus 3
            task 4 nths 1 gpus  cpus 0
            task 5 nths 1 gpus  cpus 1
            """, Plan(TestMachines.SingleSocket(), 6));
    }

    // ---- the seed's example: 2 × 18 cores, SMT-2 (CPU c and c+36), 2 GPUs on package 0 --------------------------

    [Fact]
    public void Seed_GPU_first_1_task_gets_the_GPU_package_and_both_GPUs()
    {
        Assert.Equal("task 0 nths 18 gpus 0,1 cpus 0-17", Plan(TestMachines.Seed(), 1));
    }

    [Fact]
    public void Seed_GPU_first_4_tasks_all_sit_on_the_GPU_package_and_share_the_GPUs_round_robin()
    {
        // 18 cores over 4 tasks: 5,5,4,4; nths = 18 / 4
        Assert.Equal(
            """
            task 0 nths 4 gpus 0 cpus 0-4
            task 1 nths 4 gpus 1 cpus 5-9
            task 2 nths 4 gpus 0 cpus 10-13
            task 3 nths 4 gpus 1 cpus 14-17
            """, Plan(TestMachines.Seed(), 4));
    }

    [Fact]
    public void Seed_GPU_first_8_tasks()
    {
        // 18 cores over 8 tasks: 3,3,2,2,2,2,2,2; nths = 18 / 8
        Assert.Equal(
            """
            task 0 nths 2 gpus 0 cpus 0-2
            task 1 nths 2 gpus 1 cpus 3-5
            task 2 nths 2 gpus 0 cpus 6-7
            task 3 nths 2 gpus 1 cpus 8-9
            task 4 nths 2 gpus 0 cpus 10-11
            task 5 nths 2 gpus 1 cpus 12-13
            task 6 nths 2 gpus 0 cpus 14-15
            task 7 nths 2 gpus 1 cpus 16-17
            """, Plan(TestMachines.Seed(), 8));
    }

    [Fact]
    public void Seed_CPU_first_1_and_2_tasks_take_whole_packages()
    {
        var topology = TestMachines.Seed();
        Assert.Equal("task 0 nths 36 gpus 0,1 cpus 0-35", Plan(topology, 1, CpuFirst));
        Assert.Equal(
            """
            task 0 nths 18 gpus 0,1 cpus 0-17
            task 1 nths 18 gpus  cpus 18-35
            """, Plan(topology, 2, CpuFirst));
    }

    [Fact]
    public void Seed_CPU_first_4_tasks_spread_over_both_packages_and_only_the_tasks_near_the_GPUs_get_them()
    {
        Assert.Equal(
            """
            task 0 nths 9 gpus 0 cpus 0-8
            task 1 nths 9 gpus 1 cpus 9-17
            task 2 nths 9 gpus  cpus 18-26
            task 3 nths 9 gpus  cpus 27-35
            """, Plan(TestMachines.Seed(), 4, CpuFirst));
    }

    [Fact]
    public void Seed_CPU_first_8_tasks()
    {
        // 4 tasks per package, 18 cores over 4: 5,5,4,4; nths = 36 / 8; package 0's GPUs round-robin over its 4 tasks
        Assert.Equal(
            """
            task 0 nths 4 gpus 0 cpus 0-4
            task 1 nths 4 gpus 1 cpus 5-9
            task 2 nths 4 gpus 0 cpus 10-13
            task 3 nths 4 gpus 1 cpus 14-17
            task 4 nths 4 gpus  cpus 18-22
            task 5 nths 4 gpus  cpus 23-27
            task 6 nths 4 gpus  cpus 28-31
            task 7 nths 4 gpus  cpus 32-35
            """, Plan(TestMachines.Seed(), 8, CpuFirst));
    }

    [Fact]
    public void Seed_with_SMT_a_task_gets_both_hardware_threads_of_its_cores()
    {
        // nths = 36 hardware threads / 4, at most the task's own 8 for the 4-core tasks
        Assert.Equal(
            """
            task 0 nths 9 gpus 0 cpus 0-4,36-40
            task 1 nths 9 gpus 1 cpus 5-9,41-45
            task 2 nths 8 gpus 0 cpus 10-13,46-49
            task 3 nths 8 gpus 1 cpus 14-17,50-53
            """, Plan(TestMachines.Seed(), 4, Smt));
        Assert.Equal(
            """
            task 0 nths 9 gpus 0 cpus 0-4,36-40
            task 1 nths 9 gpus 1 cpus 5-9,41-45
            task 2 nths 8 gpus 0 cpus 10-13,46-49
            task 3 nths 8 gpus 1 cpus 14-17,50-53
            task 4 nths 9 gpus  cpus 18-22,54-58
            task 5 nths 9 gpus  cpus 23-27,59-63
            task 6 nths 8 gpus  cpus 28-31,64-67
            task 7 nths 8 gpus  cpus 32-35,68-71
            """, Plan(TestMachines.Seed(), 8, CpuFirstSmt));
    }

    [Fact]
    public void Seed_40_tasks_on_18_GPU_package_cores_share_them_round_robin()
    {
        // SMT off: task j on the first hardware thread of core j mod 18
        var expected = string.Join('\n', Enumerable.Range(0, 40).Select(j => $"task {j} nths 1 gpus {j % 2} cpus {j % 18}"));
        Assert.Equal(expected, Plan(TestMachines.Seed(), 40));

        // SMT on: the tasks sharing a core take its two hardware threads in turn (core 0: tasks 0, 18, 36 on CPUs 0, 36, 0)
        var expectedSmt = string.Join('\n', Enumerable.Range(0, 40).Select(j => $"task {j} nths 1 gpus {j % 2} cpus {j % 18 + (j / 18 % 2) * 36}"));
        Assert.Equal(expectedSmt, Plan(TestMachines.Seed(), 40, Smt));
    }

    [Fact]
    public void Seed_72_tasks_CPU_first_with_SMT_get_one_hardware_thread_each()
    {
        var plan = BindingPlanner.Plan(TestMachines.Seed(), 72, CpuFirstSmt);
        Assert.Equal(Enumerable.Range(0, 72), plan.Tasks.SelectMany(t => t.Cpus).Order());
        Assert.Equal("task 0 nths 1 gpus 0 cpus 0", plan.Tasks[0].ToString());
        Assert.Equal("task 18 nths 1 gpus 0 cpus 36", plan.Tasks[18].ToString());
        Assert.Equal("task 36 nths 1 gpus  cpus 18", plan.Tasks[36].ToString());
        Assert.Equal("task 71 nths 1 gpus  cpus 71", plan.Tasks[71].ToString());
    }

    [Fact]
    public void ThreadsPerTask_sets_nths_without_changing_the_CPUs()
    {
        Assert.Equal(
            """
            task 0 nths 6 gpus 0 cpus 0-4
            task 1 nths 6 gpus 1 cpus 5-9
            task 2 nths 6 gpus 0 cpus 10-13
            task 3 nths 6 gpus 1 cpus 14-17
            """, Plan(TestMachines.Seed(), 4, new BindingOptions { ThreadsPerTask = 6 }));
    }

    // ---- 4 NUMA nodes × 4 cores, SMT-2 (CPU c and c+16), 8 GPUs: 0-1 on NUMA 3, 2-3 on 1, 4-5 on 0, 6-7 on 2 ----------

    [Fact]
    public void Four_NUMA_4_tasks_get_one_NUMA_node_each_with_its_own_two_GPUs()
    {
        Assert.Equal(
            """
            task 0 nths 4 gpus 4,5 cpus 0-3
            task 1 nths 4 gpus 2,3 cpus 4-7
            task 2 nths 4 gpus 6,7 cpus 8-11
            task 3 nths 4 gpus 0,1 cpus 12-15
            """, Plan(TestMachines.FourNuma(), 4));
    }

    [Fact]
    public void Four_NUMA_2_tasks_get_two_NUMA_nodes_each_with_their_four_GPUs()
    {
        Assert.Equal(
            """
            task 0 nths 8 gpus 2,3,4,5 cpus 0-7
            task 1 nths 8 gpus 0,1,6,7 cpus 8-15
            """, Plan(TestMachines.FourNuma(), 2));
    }

    [Fact]
    public void Four_NUMA_8_tasks_get_one_GPU_each_next_to_it()
    {
        Assert.Equal(
            """
            task 0 nths 2 gpus 4 cpus 0-1
            task 1 nths 2 gpus 5 cpus 2-3
            task 2 nths 2 gpus 2 cpus 4-5
            task 3 nths 2 gpus 3 cpus 6-7
            task 4 nths 2 gpus 6 cpus 8-9
            task 5 nths 2 gpus 7 cpus 10-11
            task 6 nths 2 gpus 0 cpus 12-13
            task 7 nths 2 gpus 1 cpus 14-15
            """, Plan(TestMachines.FourNuma(), 8));
    }

    [Fact]
    public void Four_NUMA_6_tasks_CPU_first_give_the_extra_tasks_to_the_first_NUMA_nodes()
    {
        // 6 tasks over 4 equal nodes: 2,2,1,1 (largest remainder, ties to the earlier node)
        Assert.Equal(
            """
            task 0 nths 2 gpus 4 cpus 0-1
            task 1 nths 2 gpus 5 cpus 2-3
            task 2 nths 2 gpus 2 cpus 4-5
            task 3 nths 2 gpus 3 cpus 6-7
            task 4 nths 2 gpus 6,7 cpus 8-11
            task 5 nths 2 gpus 0,1 cpus 12-15
            """, Plan(TestMachines.FourNuma(), 6, CpuFirst));
    }

    [Fact]
    public void Four_NUMA_16_tasks_with_SMT_get_a_core_each_and_share_their_NUMA_node_GPUs_round_robin()
    {
        Assert.Equal(
            """
            task 0 nths 2 gpus 4 cpus 0,16
            task 1 nths 2 gpus 5 cpus 1,17
            task 2 nths 2 gpus 4 cpus 2,18
            task 3 nths 2 gpus 5 cpus 3,19
            task 4 nths 2 gpus 2 cpus 4,20
            task 5 nths 2 gpus 3 cpus 5,21
            task 6 nths 2 gpus 2 cpus 6,22
            task 7 nths 2 gpus 3 cpus 7,23
            task 8 nths 2 gpus 6 cpus 8,24
            task 9 nths 2 gpus 7 cpus 9,25
            task 10 nths 2 gpus 6 cpus 10,26
            task 11 nths 2 gpus 7 cpus 11,27
            task 12 nths 2 gpus 0 cpus 12,28
            task 13 nths 2 gpus 1 cpus 13,29
            task 14 nths 2 gpus 0 cpus 14,30
            task 15 nths 2 gpus 1 cpus 15,31
            """, Plan(TestMachines.FourNuma(), 16, Smt));
    }

    [Fact]
    public void Four_NUMA_32_tasks_with_SMT_split_each_core_between_two_tasks()
    {
        var plan = BindingPlanner.Plan(TestMachines.FourNuma(), 32, Smt);
        Assert.Equal(
            """
            task 0 nths 1 gpus 4 cpus 0
            task 1 nths 1 gpus 5 cpus 1
            task 2 nths 1 gpus 4 cpus 2
            task 3 nths 1 gpus 5 cpus 3
            task 4 nths 1 gpus 4 cpus 16
            task 5 nths 1 gpus 5 cpus 17
            task 6 nths 1 gpus 4 cpus 18
            task 7 nths 1 gpus 5 cpus 19
            """, string.Join('\n', plan.Tasks.Take(8)));
        Assert.Equal("task 31 nths 1 gpus 1 cpus 31", plan.Tasks[31].ToString());
        Assert.Equal(Enumerable.Range(0, 32), plan.Tasks.SelectMany(t => t.Cpus).Order());
    }

    // ---- restricted allowed sets ---------------------------------------------------------------------------------

    [Fact]
    public void Seed_restricted_to_six_cores_of_package_0_maps_inside_them()
    {
        var topology = TestMachines.Seed(allowed: "4-9,40-45");
        Assert.Equal(
            """
            task 0 nths 1 gpus 0 cpus 4-5
            task 1 nths 1 gpus 1 cpus 6-7
            task 2 nths 1 gpus 0 cpus 8
            task 3 nths 1 gpus 1 cpus 9
            """, Plan(topology, 4));
        Assert.Equal(
            """
            task 0 nths 3 gpus 0 cpus 4-5,40-41
            task 1 nths 3 gpus 1 cpus 6-7,42-43
            task 2 nths 2 gpus 0 cpus 8,44
            task 3 nths 2 gpus 1 cpus 9,45
            """, Plan(topology, 4, Smt));
    }

    [Fact]
    public void Seed_restricted_to_one_hardware_thread_of_some_cores_uses_only_the_allowed_ones()
    {
        // cores 0 and 1 with both threads, cores 2 and 3 with their first only
        var topology = TestMachines.Seed(allowed: "0-3,36-37");
        Assert.Equal(
            """
            task 0 nths 3 gpus 0 cpus 0-1,36-37
            task 1 nths 2 gpus 1 cpus 2-3
            """, Plan(topology, 2, Smt));
        Assert.Equal(
            """
            task 0 nths 1 gpus 0 cpus 0
            task 1 nths 1 gpus 1 cpus 1
            task 2 nths 1 gpus 0 cpus 2
            task 3 nths 1 gpus 1 cpus 3
            task 4 nths 1 gpus 0 cpus 36
            task 5 nths 1 gpus 1 cpus 37
            """, Plan(topology, 6, Smt));
    }

    [Fact]
    public void Seed_restricted_to_package_1_hands_out_the_GPUs_it_is_not_next_to_over_all_tasks()
    {
        Assert.Equal(
            """
            task 0 nths 4 gpus 0 cpus 18-22
            task 1 nths 4 gpus 1 cpus 23-27
            task 2 nths 4 gpus 0 cpus 28-31
            task 3 nths 4 gpus 1 cpus 32-35
            """, Plan(TestMachines.Seed(allowed: "18-35,54-71"), 4));
    }

    [Fact]
    public void Four_NUMA_restricted_to_NUMA_1_and_2_keeps_only_their_GPUs()
    {
        Assert.Equal(
            """
            task 0 nths 4 gpus 2,3 cpus 4-7
            task 1 nths 4 gpus 6,7 cpus 8-11
            """, Plan(TestMachines.FourNuma(allowed: "4-11,20-27"), 2));
    }

    // ---- no NUMA or GPU locality information ---------------------------------------------------------------------

    [Fact]
    public void A_machine_without_information_is_divided_as_one_domain()
    {
        Assert.Equal(
            """
            task 0 nths 2 gpus  cpus 0-2
            task 1 nths 2 gpus  cpus 3-5
            task 2 nths 2 gpus  cpus 6-7
            """, Plan(TestMachines.NoInformation(), 3));
    }

    [Fact]
    public void Without_NUMA_information_the_packages_are_the_domains()
    {
        var topology = TestMachines.Read(FakeSysfs.Machine(packages: 2, numaPerPackage: 1, coresPerNuma: 2, smt: 2, withNuma: false));
        Assert.Equal(
            """
            task 0 nths 2 gpus  cpus 0-1
            task 1 nths 2 gpus  cpus 2-3
            """, Plan(topology, 2));
        Assert.Equal(
            """
            task 0 nths 2 gpus  cpus 0,4
            task 1 nths 2 gpus  cpus 1,5
            task 2 nths 2 gpus  cpus 2,6
            task 3 nths 2 gpus  cpus 3,7
            """, Plan(topology, 4, Smt));
    }

    [Fact]
    public void GPUs_of_unknown_locality_are_placed_CPU_first_and_handed_out_over_all_tasks()
    {
        var topology = TestMachines.Read(TestMachines.SeedTree()
            .Write("sys/bus/pci/devices/0000:3b:00.0/numa_node", "-1")
            .Write("sys/bus/pci/devices/0000:5e:00.0/numa_node", "-1"));
        Assert.Equal(
            """
            task 0 nths 9 gpus 0 cpus 0-8
            task 1 nths 9 gpus 1 cpus 9-17
            task 2 nths 9 gpus 0 cpus 18-26
            task 3 nths 9 gpus 1 cpus 27-35
            """, Plan(topology, 4));
    }

    // ---- the two integer distributions ------------------------------------------------------------------------

    [Fact]
    public void Distribute_balances_with_the_first_bins_one_larger()
    {
        Assert.Equal([5, 5, 4, 4], BindingPlanner.Distribute(18, 4));
        Assert.Equal([3, 3, 2, 2, 2, 2, 2, 2], BindingPlanner.Distribute(18, 8));
        Assert.Equal([1, 1, 0], BindingPlanner.Distribute(2, 3));
    }

    [Fact]
    public void Proportional_uses_the_largest_remainders_with_ties_to_the_earlier_bin()
    {
        Assert.Equal([2, 1], BindingPlanner.Proportional(3, [18, 18]));
        Assert.Equal([1, 4], BindingPlanner.Proportional(5, [4, 16]));
        Assert.Equal([0, 2], BindingPlanner.Proportional(2, [1, 100]));
        Assert.Equal([2, 2, 1, 1], BindingPlanner.Proportional(6, [4, 4, 4, 4]));
        Assert.Equal([1, 3], BindingPlanner.Proportional(4, [1, 7]));
    }

    // ---- arguments -----------------------------------------------------------------------------------------------

    [Fact]
    public void Zero_tasks_or_zero_threads_are_rejected()
    {
        var topology = TestMachines.SingleSocket();
        Assert.Throws<ArgumentOutOfRangeException>(() => BindingPlanner.Plan(topology, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BindingPlanner.Plan(topology, 2, new BindingOptions { ThreadsPerTask = 0 }));
    }

    [Fact]
    public void An_empty_allowed_set_has_nothing_to_bind_to()
    {
        var topology = TestMachines.SingleSocket().WithAllowedCpus([]);
        Assert.Throws<InvalidOperationException>(() => BindingPlanner.Plan(topology, 1));
    }
}
