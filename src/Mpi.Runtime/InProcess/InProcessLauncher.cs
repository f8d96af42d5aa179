using TypedMpi.Interop;

namespace TypedMpi.InProcess;

/// <summary>How one rank of an in-process run ended.</summary>
internal sealed record RankOutcome(int Rank, int ExitCode, Exception? Exception, bool StoppedTheJob);

/// <summary>How an in-process run ended: each rank's outcome and, when it was stopped, why.</summary>
internal sealed record InProcessOutcome(InProcessJob Job, RankOutcome[] Ranks)
{
    /// <summary>The rank whose failure or Abort stopped the job, if one did.</summary>
    public RankOutcome? Culprit => Ranks.FirstOrDefault(rank => rank.StoppedTheJob);

    public bool Deadlocked => Job.Deadlocked;
}

/// <summary>
/// Runs a program's ranks as threads of this process, one <see cref="MpiEnvironment"/> each, with a deadlock
/// watchdog. An exception on one rank stops the job: the others' blocked calls fail, so every thread ends and the
/// outcome names the rank that failed first.
/// </summary>
internal static class InProcessLauncher
{
    /// <summary>Stack of each rank's thread: what the main thread of a process would have.</summary>
    private const int RankStackBytes = 8 * 1024 * 1024;

    public static InProcessOutcome Run(int size, Func<Communicator, int> body, ThreadLevel threadLevel, InProcessOptions options, string evidence)
    {
        BackendClaim.Claim(inProcess: true);
        var job = new InProcessJob(size, options);
        var launcher = new LauncherEnvironment(LauncherKind.InProcess, evidence, size, null);
        var outcomes = new RankOutcome[size];
        var threads = new Thread[size];
        for (var rank = 0; rank < size; rank++)
        {
            var worldRank = rank;
            threads[rank] = new Thread(() => outcomes[worldRank] = RunRank(job, worldRank, body, threadLevel, launcher), RankStackBytes)
            {
                Name = $"TypedMpi rank {rank}",
                IsBackground = true,
            };
        }

        using (new DeadlockWatchdog(job))
        {
            foreach (var thread in threads)
            {
                thread.Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }
        }

        return new InProcessOutcome(job, outcomes);
    }

    private static RankOutcome RunRank(InProcessJob job, int worldRank, Func<Communicator, int> body, ThreadLevel threadLevel, LauncherEnvironment launcher)
    {
        var rank = job.Ranks[worldRank];
        MpiEnvironment? environment = null;
        try
        {
            environment = MpiEnvironment.StartInProcess(rank, threadLevel, launcher with { Rank = worldRank });
            InProcessRuntime.Enter(environment);
            var exitCode = body(environment.World);
            return new RankOutcome(worldRank, exitCode, null, false);
        }
        catch (InProcessAbortException aborted)
        {
            return new RankOutcome(worldRank, aborted.ErrorCode, aborted, IsAbortBy(job, worldRank));
        }
        catch (Exception exception)
        {
            var stopped = job.Abort($"rank {worldRank} failed with {exception.GetType().Name}: {exception.Message}");
            return new RankOutcome(worldRank, 1, exception, stopped);
        }
        finally
        {
            rank.Finished = true;
            try
            {
                environment?.Dispose();
            }
            finally
            {
                InProcessRuntime.Enter(null);
            }
        }
    }

    private static bool IsAbortBy(InProcessJob job, int worldRank) =>
        job.AbortReason?.StartsWith($"rank {worldRank} called Abort", StringComparison.Ordinal) == true;
}
