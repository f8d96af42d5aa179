namespace TypedMpi.InProcess;

/// <summary>Settings of an in-process job.</summary>
/// <param name="EagerLimit">
/// Standard-mode sends up to this many bytes are copied and return at once; larger ones wait for their receive, as
/// on a real MPI library — so a program that only works because of buffering fails here too, visibly.
/// </param>
/// <param name="DeadlockTimeout">How long every rank must have been blocked, with no progress, before the job is declared deadlocked.</param>
internal sealed record InProcessOptions(long EagerLimit, TimeSpan DeadlockTimeout)
{
    public static readonly long DefaultEagerLimit = 64 * 1024;

    public static readonly TimeSpan DefaultDeadlockTimeout = TimeSpan.FromSeconds(5);

    public static InProcessOptions Default { get; } = new(DefaultEagerLimit, DefaultDeadlockTimeout);
}
