using TypedMpi.InProcess;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// The entry point of TypedMpi: initialization, the run helper and the constants every MPI program uses.
/// </summary>
/// <example>
/// <code>
/// return Mpi.Run(args, world =>
/// {
///     Console.WriteLine($"Hello, World! I am process {world.Rank} of {world.Size}.");
/// });
/// </code>
/// </example>
public static class Mpi
{
    /// <summary>Receive from any source (MPI_ANY_SOURCE). Translated to the library's own value at each call.</summary>
    public const int AnySource = -1;

    /// <summary>Receive with any tag (MPI_ANY_TAG). Translated to the library's own value at each call.</summary>
    public const int AnyTag = -2;

    /// <summary>The null process (MPI_PROC_NULL): a send to it or a receive from it completes at once and moves no data.</summary>
    public const int ProcNull = -3;

    /// <summary>MPI_UNDEFINED: the color that leaves a rank out of <see cref="Communicator.Split"/>.</summary>
    public const int Undefined = -32766;

    /// <summary>The current MPI environment, or null before <see cref="Initialize"/> and after it is disposed.</summary>
    public static MpiEnvironment? Current => MpiEnvironment.Current;

    /// <summary>
    /// The program's own arguments: <paramref name="args"/> without TypedMpi's launcher option <c>--ranks N</c>
    /// (<c>--ranks=N</c>), which <see cref="Run(string[], Action{Communicator}, ThreadLevel)"/> reads to start in-process ranks.
    /// </summary>
    public static string[] ProgramArguments(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var kept = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--ranks")
            {
                i++; // and its value
            }
            else if (!args[i].StartsWith("--ranks=", StringComparison.Ordinal))
            {
                kept.Add(args[i]);
            }
        }

        return [.. kept];
    }

    /// <summary>Wall-clock time in seconds (<c>MPI_Wtime</c>).</summary>
    public static double Wtime() => MpiEnvironment.Require().Native.Wtime();

    /// <summary>The resolution of <see cref="Wtime"/> in seconds (<c>MPI_Wtick</c>).</summary>
    public static double Wtick() => MpiEnvironment.Require().Native.Wtick();

    /// <summary>
    /// Loads the MPI library that matches the launcher, initializes it with the requested thread support and
    /// installs <c>MPI_ERRORS_RETURN</c>. Dispose the result to finalize MPI.
    /// </summary>
    /// <exception cref="MpiLibraryNotFoundException">No usable MPI library (the message lists what was tried).</exception>
    /// <exception cref="MpiLauncherMismatchException">The library does not belong to the launcher that started the process.</exception>
    /// <remarks>
    /// Without a launcher (and without <c>TYPEDMPI_BACKEND=native</c>) the calling thread becomes the single rank of an
    /// in-process job; <see cref="Run(string[], Action{Communicator}, ThreadLevel)"/> runs several.
    /// </remarks>
    public static MpiEnvironment Initialize(ThreadLevel threadLevel = ThreadLevel.Single)
    {
        var env = LauncherEnvironment.ReadProcessEnvironment();
        var choice = BackendChoice.Decide([], env, LauncherEnvironment.Detect(env));
        return choice.Backend == Backend.InProcess
            ? InProcessProgram.InitializeSingle(choice, threadLevel, env)
            : MpiEnvironment.Start(threadLevel, env);
    }

    /// <summary>
    /// Initializes MPI, runs <paramref name="body"/> with the world communicator and finalizes MPI. An exception
    /// that escapes <paramref name="body"/> on any rank is printed with the rank and aborts the whole job, so no
    /// peer is left waiting.
    /// </summary>
    /// <remarks>
    /// Under an MPI launcher (mpirun, mpiexec, srun) the body runs on the launcher's processes with its MPI library.
    /// Started without one, the body runs on in-process ranks — threads of this process — whose number comes from a
    /// <c>--ranks N</c> argument, else <c>TYPEDMPI_RANKS</c>, else 4. <c>TYPEDMPI_BACKEND=native|inprocess</c> overrides
    /// the choice; <c>TYPEDMPI_VERBOSE=1</c> prints it.
    /// </remarks>
    /// <param name="args">The program's arguments; <c>--ranks N</c> sets the number of in-process ranks (the program sees it too).</param>
    /// <param name="body">The program, run on every rank.</param>
    /// <param name="threadLevel">The thread support to request.</param>
    /// <returns>0 when every rank finished; a failed rank aborts the job instead of returning.</returns>
    public static int Run(string[] args, Action<Communicator> body, ThreadLevel threadLevel = ThreadLevel.Single)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Run(args, world =>
        {
            body(world);
            return 0;
        }, threadLevel);
    }

    /// <summary>As <see cref="Run(string[], Action{Communicator}, ThreadLevel)"/>, with the rank's exit code from <paramref name="body"/>.</summary>
    public static int Run(string[] args, Func<Communicator, int> body, ThreadLevel threadLevel = ThreadLevel.Single)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(body);
        var env = LauncherEnvironment.ReadProcessEnvironment();
        var choice = BackendChoice.Decide(args, env, LauncherEnvironment.Detect(env));
        if (choice.Backend == Backend.InProcess)
        {
            return InProcessProgram.Run(choice, body, threadLevel, env);
        }

        using var mpi = MpiEnvironment.Start(threadLevel, env);
        int exitCode;
        try
        {
            exitCode = body(mpi.World);
        }
        catch (Exception e)
        {
            mpi.AbortOnUnhandled(e);
            throw; // not reached: AbortOnUnhandled ends the job
        }

        return exitCode;
    }
}
