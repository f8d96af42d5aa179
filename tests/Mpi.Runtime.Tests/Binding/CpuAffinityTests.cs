using TypedMpi.Binding;

namespace TypedMpi.Tests.Binding;

/// <summary>sched_getaffinity/sched_setaffinity on this process (Linux; restored before each test ends).</summary>
public sealed class CpuAffinityTests
{
    [Fact]
    public void The_calling_thread_affinity_matches_proc_thread_self_status()
    {
        if (!CpuAffinity.IsSupported)
        {
            return;
        }

        Assert.Equal(AllowedListOf("/proc/thread-self/status"), CpuList.Format(CpuAffinity.GetCurrentThread()));
    }

    [Fact]
    public void SetProcess_binds_every_thread_and_the_old_affinity_can_be_restored()
    {
        if (!CpuAffinity.IsSupported)
        {
            return;
        }

        var original = CpuAffinity.GetCurrentThread();
        int[] target = [original[^1]];
        try
        {
            var bound = CpuAffinity.SetProcess(target);
            Assert.True(bound >= 2, $"bound {bound} threads; a .NET process has more than one");
            Assert.Equal(target, CpuAffinity.GetCurrentThread().ToArray());
            foreach (var task in Directory.GetDirectories("/proc/self/task"))
            {
                var list = AllowedListOf(Path.Combine(task, "status"));
                Assert.True(list is null || list == CpuList.Format(target), $"thread {Path.GetFileName(task)} is on {list}");
            }
        }
        finally
        {
            CpuAffinity.SetProcess(original.AsSpan());
        }

        Assert.Equal(original.ToArray(), CpuAffinity.GetCurrentThread().ToArray());
    }

    [Fact]
    public void An_empty_CPU_set_is_rejected()
    {
        if (!CpuAffinity.IsSupported)
        {
            return;
        }

        Assert.Throws<ArgumentException>(() => CpuAffinity.SetProcess([]));
    }

    /// <summary>The Cpus_allowed_list of a status file, or null when the thread is gone.</summary>
    private static string? AllowedListOf(string status)
    {
        try
        {
            var line = File.ReadLines(status).First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            return line["Cpus_allowed_list:".Length..].Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
