using TypedMpi.InProcess;

namespace TypedMpi.Testing;

/// <summary>
/// Runs MPI code on in-process ranks inside a unit test (xunit, NUnit, MSTest — no MPI library needed).
/// </summary>
/// <example>
/// <code>
/// [Fact]
/// public void Ring_passes_the_token_around()
/// {
///     int[] received = MpiTest.Run(ranks: 4, world =>
///         world.SendRecv(world.Rank, dest: world.Next, source: world.Previous, tag: 7));
///     Assert.Equal([3, 0, 1, 2], received);
/// }
/// </code>
/// </example>
/// <remarks>
/// <para>Each rank runs <c>body</c> on its own thread with its own world communicator; the call returns when every
/// rank has finished. An exception on any rank stops the others and is rethrown as <see cref="MpiRankFailedException"/>
/// naming the rank. A deadlock — every rank blocked with no way forward for <c>deadlockTimeout</c> (5 s by default) —
/// fails with <see cref="MpiDeadlockException"/> listing each rank's blocked call, peer and tag.</para>
/// <para>Ranks are threads of the test process: static fields are shared between them (keep rank state in locals),
/// and standard sends above 64 KiB wait for their receive as on a real MPI library.</para>
/// </remarks>
public static class MpiTest
{
    /// <summary>Runs <paramref name="body"/> on <paramref name="ranks"/> in-process ranks.</summary>
    /// <exception cref="MpiRankFailedException">A rank threw; the first failure is the inner exception.</exception>
    /// <exception cref="MpiDeadlockException">The ranks deadlocked.</exception>
    public static void Run(int ranks, Action<Communicator> body, TimeSpan? deadlockTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Run(ranks, world =>
        {
            body(world);
            return 0;
        }, deadlockTimeout);
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="ranks"/> in-process ranks and returns each rank's result, by rank.</summary>
    /// <exception cref="MpiRankFailedException">A rank threw; the first failure is the inner exception.</exception>
    /// <exception cref="MpiDeadlockException">The ranks deadlocked.</exception>
    public static T[] Run<T>(int ranks, Func<Communicator, T> body, TimeSpan? deadlockTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(ranks, 1);
        var results = new T[ranks];
        var options = InProcessOptions.Default with { DeadlockTimeout = deadlockTimeout ?? InProcessOptions.DefaultDeadlockTimeout };
        var outcome = InProcessLauncher.Run(ranks, world =>
        {
            results[world.Rank] = body(world);
            return 0;
        }, ThreadLevel.Multiple, options, "MpiTest.Run");

        if (outcome.Deadlocked)
        {
            throw new MpiDeadlockException(outcome.Job.AbortReason!);
        }

        var failed = outcome.Culprit ?? outcome.Ranks.FirstOrDefault(rank => rank.Exception is not null);
        if (failed is { Exception: { } exception })
        {
            throw new MpiRankFailedException(failed.Rank, ranks, exception);
        }

        return results;
    }
}
