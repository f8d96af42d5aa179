using System.Collections.Concurrent;
using System.Text.Json;

namespace TypedMpi.Tests.Infrastructure;

/// <summary>The result of one scenario on one rank, as the job wrote it.</summary>
public sealed record RankResult(int Rank, bool Ok, string? Error, double Milliseconds);

/// <summary>
/// One MPI job per (implementation × rank count) runs every scenario; each test case then reads its scenario's
/// lines. Jobs run one at a time: MPI ranks busy-poll, and two jobs on 2 cores would starve each other.
/// </summary>
public static class ConformanceJobs
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(8);
    private static readonly ConcurrentDictionary<(string, int), Lazy<Job>> s_jobs = new();
    private static readonly Lock s_oneAtATime = new();

    public sealed record Job(ProcessResult Process, IReadOnlyDictionary<string, IReadOnlyList<RankResult>> Results, IReadOnlyDictionary<int, string> LastStarted);

    /// <summary>The name of the in-process backend among the implementations ("openmpi", "mpich").</summary>
    public const string InProcess = "inprocess";

    public static Job Get(string implementation, int ranks) =>
        s_jobs.GetOrAdd((implementation, ranks), key => new Lazy<Job>(() => RunJob(implementation, ranks))).Value;

    private static Job RunJob(string implementation, int ranks)
    {
        lock (s_oneAtATime)
        {
            var resultsDirectory = Path.Combine(Path.GetTempPath(), $"typedmpi-conformance-{implementation}-{ranks}-{Environment.ProcessId}");
            if (Directory.Exists(resultsDirectory))
            {
                Directory.Delete(resultsDirectory, recursive: true);
            }

            var dll = Repository.ProgramDll("tests/Mpi.Conformance", "Mpi.Conformance");
            var process = implementation == InProcess
                ? ProcessRunner.RunInProcess(ranks, dll, ["--results", resultsDirectory], JobTimeout)
                : ProcessRunner.RunJob(MpiImplementation.Named(implementation), ranks, dll, ["--results", resultsDirectory], JobTimeout);
            var results = new Dictionary<string, List<RankResult>>();
            var lastStarted = new Dictionary<int, string>();
            if (Directory.Exists(resultsDirectory))
            {
                foreach (var file in Directory.GetFiles(resultsDirectory, "rank-*.jsonl"))
                {
                    foreach (var line in File.ReadAllLines(file))
                    {
                        using var json = JsonDocument.Parse(line);
                        var root = json.RootElement;
                        var scenario = root.GetProperty("scenario").GetString()!;
                        var rank = root.GetProperty("rank").GetInt32();
                        if (root.GetProperty("phase").GetString() == "start")
                        {
                            lastStarted[rank] = scenario;
                            continue;
                        }

                        lastStarted.Remove(rank);
                        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                        if (!results.TryGetValue(scenario, out var list))
                        {
                            results[scenario] = list = [];
                        }

                        list.Add(new RankResult(rank, root.GetProperty("ok").GetBoolean(), error, root.GetProperty("ms").GetDouble()));
                    }
                }
            }

            return new Job(process, results.ToDictionary(p => p.Key, p => (IReadOnlyList<RankResult>)p.Value), lastStarted);
        }
    }
}
