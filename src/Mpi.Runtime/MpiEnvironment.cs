using System.Text;
using TypedMpi.Abi;
using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>
/// An initialized MPI library: the world and self communicators, what the library is and what it provides.
/// Created by <see cref="Mpi.Initialize"/>; disposing it finalizes MPI.
/// </summary>
/// <remarks>
/// MPI can be initialized once per process. Until <see cref="Dispose"/>, an unhandled exception on any thread
/// prints the rank and the exception and aborts the whole job (<c>MPI_Abort</c>), so no peer hangs.
/// </remarks>
public sealed unsafe class MpiEnvironment : IDisposable
{
    private static readonly Lock s_lifecycle = new();
    private static MpiEnvironment? s_current;
    private static bool s_finalized;

    private readonly bool _ownsInitialization;
    private bool _disposed;

    private MpiEnvironment(NativeMpi native, LauncherEnvironment launcher, ThreadLevel requested, ThreadLevel provided, bool ownsInitialization)
    {
        Native = native;
        LauncherInfo = launcher;
        RequestedThreadLevel = requested;
        ProvidedThreadLevel = provided;
        _ownsInitialization = ownsInitialization;
        World = new Communicator(native, native.Handle(PredefinedHandle.CommWorld), owned: false);
        Self = new Communicator(native, native.Handle(PredefinedHandle.CommSelf), owned: false);
        native.WorldRank = World.Rank;
    }

    /// <summary>This process's environment, or with in-process ranks the calling rank's own.</summary>
    internal static MpiEnvironment? Current => s_current ?? InProcess.InProcessRuntime.CurrentEnvironment;

    /// <summary>Run once when the environment is disposed (an in-process job started by <see cref="Mpi.Initialize"/> ends then).</summary>
    internal Action? Disposed { get; set; }

    /// <summary>True for a rank of an in-process job.</summary>
    internal bool IsInProcess => Native.IsInProcess;

    internal NativeMpi Native { get; }

    internal LauncherEnvironment LauncherInfo { get; }

    /// <summary>All the processes of this job (<c>MPI_COMM_WORLD</c>).</summary>
    public Communicator World { get; }

    /// <summary>This process alone (<c>MPI_COMM_SELF</c>).</summary>
    public Communicator Self { get; }

    /// <summary>The MPI library in use and why it was chosen.</summary>
    public MpiLibraryInfo Library => Native.Library;

    /// <summary>The launcher that started this process, as told by the environment.</summary>
    public LauncherKind Launcher => LauncherInfo.Kind;

    /// <summary>The thread support asked for.</summary>
    public ThreadLevel RequestedThreadLevel { get; }

    /// <summary>The thread support the library provides (may be lower than requested).</summary>
    public ThreadLevel ProvidedThreadLevel { get; }

    /// <summary>The MPI standard version the library implements.</summary>
    public Version StandardVersion => Native.Library.StandardVersion;

    /// <summary>The name of the node this rank runs on (<c>MPI_Get_processor_name</c>).</summary>
    public string ProcessorName
    {
        get
        {
            const int MaxProcessorName = 1024; // above every ABI's MPI_MAX_PROCESSOR_NAME
            var buffer = stackalloc byte[MaxProcessorName];
            int length = 0;
            var rc = Native.GetProcessorName(buffer, &length);
            if (rc != 0)
            {
                throw Native.Fail(rc, "MPI_Get_processor_name");
            }

            return Encoding.UTF8.GetString(buffer, Math.Clamp(length, 0, MaxProcessorName));
        }
    }

    /// <summary>True once <see cref="Mpi.Initialize"/> succeeded in this process (MPI stays "initialized" after finalize, as in MPI).</summary>
    public static bool IsInitialized => Current is not null || s_finalized;

    /// <summary>True once MPI has been finalized in this process.</summary>
    public static bool IsFinalized => s_finalized;

    /// <summary>Wall-clock time in seconds (<c>MPI_Wtime</c>).</summary>
    public double Wtime() => Native.Wtime();

    /// <summary>The resolution of <see cref="Wtime"/> in seconds.</summary>
    public double Wtick => Native.Wtick();

    /// <summary>Ends every process of the job with <paramref name="errorCode"/> (<c>MPI_Abort</c> on the world).</summary>
    public void Abort(int errorCode)
    {
        Native.Abort(Native.Handle(PredefinedHandle.CommWorld), errorCode);
        if (IsInProcess)
        {
            // The job is stopped; unwind this rank's thread (the process belongs to the other ranks and the caller too).
            throw new InProcess.InProcessAbortException(World.Rank, errorCode);
        }

        Environment.Exit(errorCode); // MPI_Abort does not return on any implementation we know; this is belt and braces.
    }

    /// <summary>Finalizes MPI. Pending requests that were never completed are reported on standard error.</summary>
    public void Dispose()
    {
        lock (s_lifecycle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (IsInProcess)
            {
                // The backend's datatypes and ops are process-wide and shared by the ranks; nothing to finalize.
                RequestPool.ReportLeaks(Native, Console.Error);
                PersistentRequest.ReportLeaks(Native, Console.Error);
                Disposed?.Invoke();
                return;
            }

            AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            RequestPool.ReportLeaks(Native, Console.Error);
            PersistentRequest.ReportLeaks(Native, Console.Error);
            HalfOps.Free(Native);
            Native.FreeMessageTypes();
            Native.FreeStridedTypes();
            if (_ownsInitialization)
            {
                var rc = Native.Finalize();
                s_finalized = true;
                s_current = null;
                if (rc != 0)
                {
                    throw Native.Fail(rc, "MPI_Finalize");
                }
            }

            s_current = null;
        }
    }

    internal static MpiEnvironment Require() =>
        Current ?? throw new InvalidOperationException(
            s_finalized
                ? "MPI has been finalized in this process; it cannot be used or initialized again."
                : "MPI is not initialized: call Mpi.Initialize() or use Mpi.Run(args, world => ...).");

    internal static MpiEnvironment Start(ThreadLevel requested, IReadOnlyDictionary<string, string> env)
    {
        lock (s_lifecycle)
        {
            if (s_current is not null || s_finalized)
            {
                throw new InvalidOperationException(s_finalized
                    ? "MPI has been finalized in this process; MPI cannot be initialized twice."
                    : "MPI is already initialized in this process; use Mpi.Current.");
            }

            var launcher = LauncherEnvironment.Detect(env);
            var checkLauncher = !(env.TryGetValue("TYPEDMPI_LAUNCHER_CHECK", out var check) && check == "0");
            var verbose = env.TryGetValue("TYPEDMPI_VERBOSE", out var v) && v is not ("" or "0");
            var (handle, info) = LibraryDiscovery.Discover(env, launcher);
            if (verbose)
            {
                Console.Error.WriteLine($"[TypedMpi] launcher: {launcher.Description}");
                Console.Error.WriteLine($"[TypedMpi] library: {info} — chosen by {info.Reason}");
            }

            if (checkLauncher && launcher.ExpectedFamily is { } expected && info.Family != AbiFamily.MpiAbi && expected != info.Family)
            {
                throw new MpiLauncherMismatchException(
                    $"This process was started by {launcher.Description}, but the MPI library is {info.VersionLine} " +
                    $"({info.Family} ABI, {info.Path ?? info.Name}, chosen by {info.Reason}). Each rank would run alone as rank 0 of 1.",
                    launcher.Rank ?? -1);
            }

            InProcess.BackendClaim.Claim(inProcess: false);
            var native = new NativeMpi(handle, info);
            int alreadyInitialized = 0, provided = 0;
            native.Initialized(&alreadyInitialized);
            if (alreadyInitialized == 0)
            {
                var rc = native.InitThread(native.Abi.ThreadLevels[(int)requested], &provided);
                if (rc != 0)
                {
                    throw native.Fail(rc, "MPI_Init_thread");
                }
            }
            else
            {
                native.QueryThread(&provided);
            }

            var environment = new MpiEnvironment(native, launcher, requested, ToThreadLevel(native.Abi, provided), ownsInitialization: alreadyInitialized == 0);
            environment.World.UseErrorsReturn();
            environment.Self.UseErrorsReturn();
            if (verbose)
            {
                Console.Error.WriteLine($"[TypedMpi] rank {environment.World.Rank} of {environment.World.Size}: thread level {environment.ProvidedThreadLevel} (requested {requested})");
                if (JitWarmupNote.For(env, Environment.ProcessorCount) is { } note)
                {
                    Console.Error.WriteLine($"[TypedMpi] rank {environment.World.Rank}: {note}");
                }
            }

            if (checkLauncher && launcher.Size is > 1 && environment.World.Size == 1)
            {
                // Finalize first so the process can exit cleanly; then report what went wrong.
                native.Finalize();
                s_finalized = true;
                throw new MpiLauncherMismatchException(
                    $"{launcher.Description} started {launcher.Size} ranks, but {info.VersionLine} ({info.Path ?? info.Name}) sees a world of 1: " +
                    "the library does not belong to this launcher, so every rank would be rank 0 of 1.",
                    launcher.Rank ?? 0);
            }

            s_current = environment;
            AppDomain.CurrentDomain.UnhandledException += environment.OnUnhandledException;
            AppDomain.CurrentDomain.ProcessExit += environment.OnProcessExit;
            return environment;
        }
    }

    /// <summary>The environment of one rank of an in-process job, started on that rank's thread.</summary>
    internal static MpiEnvironment StartInProcess(InProcess.RankState rank, ThreadLevel requested, LauncherEnvironment launcher)
    {
        var native = new NativeMpi(rank, InProcess.InProcessRuntime.LibraryInfo(rank.Job));
        return new MpiEnvironment(native, launcher, requested, ThreadLevel.Multiple, ownsInitialization: false);
    }

    /// <summary>Prints an exception that escaped a rank and aborts the job so no peer waits for this rank forever.</summary>
    internal void AbortOnUnhandled(Exception exception)
    {
        var world = World;
        Console.Out.Flush();
        // One write for the whole report: the launcher tears the job down as soon as MPI_Abort runs, and a report
        // written in pieces can lose its second half (the exception) on the way through mpiexec's forwarding.
        Console.Error.Write($"[TypedMpi] rank {world.Rank} of {world.Size} on {SafeProcessorName()}: unhandled exception; aborting the job.\n{exception}\n");
        Console.Error.Flush();

        // mpiexec forwards the ranks' output asynchronously and stops as soon as it hears of the abort (Hydra lost
        // the whole report about one time in ten): give the report a moment to get through. The job is ending anyway.
        Thread.Sleep(TimeSpan.FromMilliseconds(200));
        Abort(1);
    }

    private string SafeProcessorName()
    {
        try
        {
            return ProcessorName;
        }
        catch (MpiException)
        {
            return Environment.MachineName;
        }
    }

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e)
    {
        if (!_disposed && e.ExceptionObject is Exception exception)
        {
            AbortOnUnhandled(exception);
        }
    }

    /// <summary>A program that forgot to dispose still finalizes: launchers treat a rank that exits without it as a failure.</summary>
    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private static ThreadLevel ToThreadLevel(AbiTable abi, int native)
    {
        var index = Array.IndexOf(abi.ThreadLevels, native);
        return index < 0 ? ThreadLevel.Single : (ThreadLevel)index;
    }
}
