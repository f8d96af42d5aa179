using TypedMpi.Conformance;
using TypedMpi.Tests.Infrastructure;

namespace TypedMpi.Tests;

/// <summary>
/// Every conformance scenario on Open MPI and MPICH at 1, 2, 3 and 4 ranks, and on the in-process backend at 1, 2, 3,
/// 4 and 8: one test case per scenario, implementation and rank count, all served by one job per implementation and
/// rank count. No scenario is skipped on any backend.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string, int, string> Cases()
    {
        var cases = new TheoryData<string, int, string>();
        foreach (var mpi in MpiImplementation.All)
        {
            foreach (var ranks in (int[])[1, 2, 3, 4])
            {
                foreach (var scenario in ScenarioCatalog.All.Where(s => ranks >= s.MinRanks))
                {
                    cases.Add(mpi.Name, ranks, scenario.Name);
                }
            }
        }

        foreach (var ranks in (int[])[1, 2, 3, 4, 8])
        {
            foreach (var scenario in ScenarioCatalog.All.Where(s => ranks >= s.MinRanks))
            {
                cases.Add(ConformanceJobs.InProcess, ranks, scenario.Name);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scenario(string implementation, int ranks, string scenario)
    {
        var job = ConformanceJobs.Get(implementation, ranks);
        if (!job.Results.TryGetValue(scenario, out var results) || results.Count != ranks)
        {
            var stuck = string.Join(", ", job.LastStarted.Select(p => $"rank {p.Key} in {p.Value}"));
            Assert.Fail($"{scenario} reported on {results?.Count ?? 0} of {ranks} ranks. " +
                        (stuck.Length > 0 ? $"Unfinished: {stuck}. " : "") + $"Job: {job.Process}");
        }

        var failures = results.Where(r => !r.Ok).OrderBy(r => r.Rank).ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Select(f => $"rank {f.Rank}: {f.Error}")));
    }
}
