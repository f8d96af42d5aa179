using TypedMpi.Interop;

namespace TypedMpi.InProcess;

/// <summary>
/// A program run with in-process ranks (no launcher): runs the ranks, and reports a failure the way an MPI launcher
/// would — the failed rank and its exception, or the deadlock report — with a non-zero exit code.
/// </summary>
internal static class InProcessProgram
{
    public static int Run(BackendChoice choice, Func<Communicator, int> body, ThreadLevel threadLevel, IReadOnlyDictionary<string, string> env)
    {
        if (IsVerbose(env))
        {
            Console.Error.WriteLine($"[TypedMpi] backend: in-process, {choice.Ranks} ranks as threads of process {Environment.ProcessId} — {choice.Reason}");
        }

        var outcome = InProcessLauncher.Run(choice.Ranks, body, threadLevel, BackendChoice.OptionsFrom(env), choice.Reason);
        Console.Out.Flush();
        if (outcome.Deadlocked)
        {
            Console.Error.WriteLine($"[TypedMpi] {outcome.Job.AbortReason}");
            return 1;
        }

        if (outcome.Culprit is { } culprit)
        {
            if (culprit.Exception is InProcessAbortException aborted)
            {
                Console.Error.WriteLine($"[TypedMpi] rank {culprit.Rank} of {choice.Ranks} called Abort({aborted.ErrorCode}); the job was stopped.");
                return aborted.ErrorCode != 0 ? aborted.ErrorCode : 1;
            }

            Console.Error.WriteLine($"[TypedMpi] rank {culprit.Rank} of {choice.Ranks}: unhandled exception; the job was stopped.");
            Console.Error.WriteLine(culprit.Exception);
            return 1;
        }

        foreach (var rank in outcome.Ranks)
        {
            if (rank.Exception is not null)
            {
                Console.Error.WriteLine($"[TypedMpi] rank {rank.Rank} of {choice.Ranks}: {rank.Exception}");
                return 1;
            }
        }

        return outcome.Ranks.Select(rank => rank.ExitCode).FirstOrDefault(code => code != 0);
    }

    /// <summary>
    /// <see cref="Mpi.Initialize"/> without a launcher: the calling thread becomes rank 0 of a one-rank in-process job
    /// (there is no body to run on more ranks; <see cref="Mpi.Run(string[], Action{Communicator}, ThreadLevel)"/> can).
    /// </summary>
    public static MpiEnvironment InitializeSingle(BackendChoice choice, ThreadLevel threadLevel, IReadOnlyDictionary<string, string> env)
    {
        if (choice.Ranks != 1 && choice.RanksRequested)
        {
            throw new InvalidOperationException(
                $"Mpi.Initialize() cannot start {choice.Ranks} in-process ranks: it has no code to run on them. " +
                "Use Mpi.Run(args, world => ...), which runs its body on every rank.");
        }

        if (Mpi.Current is not null)
        {
            throw new InvalidOperationException("MPI is already initialized on this rank; use Mpi.Current.");
        }

        BackendClaim.Claim(inProcess: true);
        var job = new InProcessJob(1, BackendChoice.OptionsFrom(env));
        var watchdog = new DeadlockWatchdog(job);
        var launcher = new LauncherEnvironment(LauncherKind.InProcess, "Mpi.Initialize without a launcher", 1, 0);
        var environment = MpiEnvironment.StartInProcess(job.Ranks[0], threadLevel, launcher);
        environment.Disposed = () =>
        {
            job.Ranks[0].Finished = true;
            watchdog.Dispose();
            InProcessRuntime.Enter(null);
        };
        InProcessRuntime.Enter(environment);
        if (IsVerbose(env))
        {
            Console.Error.WriteLine($"[TypedMpi] backend: in-process, 1 rank (this thread) — {choice.Reason}");
        }

        return environment;
    }

    public static bool IsVerbose(IReadOnlyDictionary<string, string> env) => env.TryGetValue("TYPEDMPI_VERBOSE", out var v) && v is not ("" or "0");
}
