namespace TypedMpi.InProcess;

/// <summary>Which in-process rank the calling code runs as, and what the in-process "library" reports about itself.</summary>
internal static class InProcessRuntime
{
    /// <summary>
    /// Flows into tasks and thread-pool work a rank starts, so <see cref="Mpi.Current"/> still names the rank there
    /// (a <c>[ThreadStatic]</c> would not).
    /// </summary>
    private static readonly AsyncLocal<MpiEnvironment?> s_environment = new();

    public static MpiEnvironment? CurrentEnvironment => s_environment.Value;

    public static RankState? CurrentRank => s_environment.Value?.Native.InProcessRank;

    public static void Enter(MpiEnvironment? environment) => s_environment.Value = environment;

    public static MpiLibraryInfo LibraryInfo(InProcessJob job) => new(
        InProcessLibrary.Name,
        null,
        AbiFamily.InProcess,
        $"TypedMpi in-process backend {typeof(InProcessRuntime).Assembly.GetName().Version} ({job.Size} ranks as threads of process {Environment.ProcessId})",
        new Version(4, 0),
        "no MPI launcher started this process");
}

/// <summary>
/// The backend a process uses is fixed by its first use: datatypes and operations are cached in statics
/// (<see cref="MessageType{T}"/>), so their handles must all come from one library.
/// </summary>
internal static class BackendClaim
{
    private static int s_claim; // 0: none yet, 1: native, 2: in-process

    public static void Claim(bool inProcess)
    {
        var wanted = inProcess ? 2 : 1;
        var previous = Interlocked.CompareExchange(ref s_claim, wanted, 0);
        if (previous != 0 && previous != wanted)
        {
            throw new MpiNotSupportedException(
                inProcess
                    ? "This process already uses a native MPI library; it cannot also run in-process ranks. Start a separate process for in-process runs."
                    : "This process already ran in-process ranks; it cannot also initialize a native MPI library. Start a separate process (e.g. under mpirun).",
                inProcess ? "(in-process start)" : "MPI_Init_thread",
                advice: "Keep in-process runs (unit tests, runs without a launcher) and native MPI runs in separate processes.");
        }
    }
}

/// <summary>Unwinds a rank's thread after it called <see cref="MpiEnvironment.Abort"/> on an in-process job.</summary>
internal sealed class InProcessAbortException(int rank, int errorCode)
    : Exception($"rank {rank} called Abort({errorCode})")
{
    public int Rank { get; } = rank;

    public int ErrorCode { get; } = errorCode;
}
