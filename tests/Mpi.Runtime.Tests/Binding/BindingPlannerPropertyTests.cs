using TypedMpi.Binding;

namespace TypedMpi.Tests.Binding;

/// <summary>What holds for every plan: determinism, CPUs inside the allowed set, no sharing while there are enough cores.</summary>
public sealed class BindingPlannerPropertyTests
{
    public static TheoryData<string> Machines() => ["single-socket", "seed", "seed 4-9,40-45", "seed 0-3,36-37", "seed 18-35,54-71", "four-numa", "four-numa 4-11,20-27", "no-information"];

    private static NodeTopology Machine(string name) => name.Split(' ') switch
    {
        ["single-socket"] => TestMachines.SingleSocket(),
        ["seed"] => TestMachines.Seed(),
        ["seed", var allowed] => TestMachines.Seed(allowed),
        ["four-numa"] => TestMachines.FourNuma(),
        ["four-numa", var allowed] => TestMachines.FourNuma(allowed),
        ["no-information"] => TestMachines.NoInformation(),
        _ => throw new ArgumentException(name),
    };

    private static IEnumerable<BindingOptions> AllOptions()
    {
        foreach (var placement in (BindingPlacement[])[BindingPlacement.GpuFirst, BindingPlacement.CpuFirst])
        {
            foreach (var smt in (bool[])[false, true])
            {
                yield return new BindingOptions { Placement = placement, Smt = smt };
            }
        }
    }

    [Theory]
    [MemberData(nameof(Machines))]
    public void Every_task_gets_at_least_one_allowed_CPU_known_GPUs_and_at_least_one_thread(string machine)
    {
        var topology = Machine(machine);
        var allowed = topology.AllowedCpus.ToHashSet();
        var gpus = topology.Gpus.Select(g => g.Id).ToHashSet();
        foreach (var options in AllOptions())
        {
            for (var tasks = 1; tasks <= 80; tasks++)
            {
                var plan = BindingPlanner.Plan(topology, tasks, options);
                Assert.Equal(tasks, plan.Tasks.Length);
                foreach (var task in plan.Tasks)
                {
                    Assert.NotEmpty(task.Cpus);
                    Assert.True(task.Cpus.All(allowed.Contains), $"{machine}, {options}, {tasks} tasks: {task} leaves the allowed set {CpuList.Format(allowed)}");
                    Assert.True(task.Gpus.All(gpus.Contains), $"{machine}: {task} names an unknown GPU");
                    Assert.True(task.Threads >= 1);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Machines))]
    public void CPU_first_tasks_do_not_share_a_CPU_while_there_are_enough_cores(string machine)
    {
        var topology = Machine(machine);
        var usableCores = topology.Cores.Count(core => core.HardwareThreads.Any(topology.AllowedCpus.Contains));
        foreach (var smt in (bool[])[false, true])
        {
            for (var tasks = 1; tasks <= usableCores; tasks++)
            {
                var plan = BindingPlanner.Plan(topology, tasks, new BindingOptions { Placement = BindingPlacement.CpuFirst, Smt = smt });
                var cpus = plan.Tasks.SelectMany(t => t.Cpus).ToList();
                Assert.True(cpus.Count == cpus.Distinct().Count(), $"{machine}, SMT {smt}, {tasks} tasks share a CPU:\n{plan}");
            }
        }
    }

    [Fact]
    public void With_SMT_and_as_many_CPU_first_tasks_as_allowed_CPUs_each_task_gets_its_own_CPU()
    {
        var topology = TestMachines.Seed(allowed: "0-3,36-37");
        var plan = BindingPlanner.Plan(topology, topology.AllowedCpus.Length, new BindingOptions { Placement = BindingPlacement.CpuFirst, Smt = true });
        Assert.Equal(topology.AllowedCpus.ToArray(), plan.Tasks.SelectMany(t => t.Cpus).Order().ToArray());
    }

    [Fact]
    public void The_plan_is_the_same_every_time_and_whatever_order_the_cores_come_in()
    {
        var topology = TestMachines.Seed();
        var shuffled = new NodeTopology(topology.Cores.Reverse(), topology.Gpus.Reverse(), topology.AllowedCpus.Reverse(), topology.HasNumaInformation);
        var reread = TestMachines.Read(TestMachines.SeedTree()); // a fresh tree, whose directories may list in another order
        foreach (var options in AllOptions())
        {
            foreach (var tasks in (int[])[1, 3, 4, 7, 8, 36, 50, 72, 100])
            {
                var first = BindingPlanner.Plan(topology, tasks, options).ToString();
                Assert.Equal(first, BindingPlanner.Plan(topology, tasks, options).ToString());
                Assert.Equal(first, BindingPlanner.Plan(shuffled, tasks, options).ToString());
                Assert.Equal(first, BindingPlanner.Plan(reread, tasks, options).ToString());
            }
        }
    }

    [Fact]
    public void Every_GPU_is_used_when_there_are_at_least_as_many_tasks_as_GPUs_next_to_them()
    {
        foreach (var topology in (NodeTopology[])[TestMachines.Seed(), TestMachines.FourNuma()])
        {
            for (var tasks = 1; tasks <= 40; tasks++)
            {
                var plan = BindingPlanner.Plan(topology, tasks);
                Assert.Equal(topology.Gpus.Select(g => g.Id), plan.Tasks.SelectMany(t => t.Gpus).Distinct().Order());
            }
        }
    }

    [Fact]
    public void GPU_first_tasks_sit_on_the_NUMA_node_of_each_of_their_GPUs()
    {
        var topology = TestMachines.FourNuma();
        var numaOfCpu = topology.Cores.SelectMany(c => c.HardwareThreads.Select(cpu => (cpu, c.NumaNode))).ToDictionary(p => p.cpu, p => p.NumaNode);
        foreach (var tasks in (int[])[4, 5, 8, 12, 16, 33])
        {
            foreach (var task in BindingPlanner.Plan(topology, tasks).Tasks)
            {
                var numaNodes = task.Cpus.Select(cpu => numaOfCpu[cpu]).Distinct().ToList();
                foreach (var gpu in task.Gpus)
                {
                    Assert.Contains(topology.Gpus[gpu].NumaNode!.Value, numaNodes);
                }
            }
        }
    }
}
