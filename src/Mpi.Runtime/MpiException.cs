namespace TypedMpi;

/// <summary>
/// An MPI call failed. Carries the portable error class, the library's own error code and message, the
/// rank that saw the failure, and what the caller can do about it.
/// </summary>
/// <remarks>
/// TypedMpi installs <c>MPI_ERRORS_RETURN</c> on every communicator it hands out, so an error in one call
/// is an exception on the calling rank and the job stays alive: catch it and go on, or let it escape and
/// <see cref="Mpi.Run(string[], Action{Communicator}, ThreadLevel)"/> aborts the whole job.
/// </remarks>
public class MpiException : Exception
{
    /// <summary>Creates an exception for a failed MPI call.</summary>
    public MpiException(
        MpiErrorClass errorClass,
        string message,
        int errorCode = 0,
        string? function = null,
        string? libraryMessage = null,
        int rank = -1,
        string? advice = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorClass = errorClass;
        ErrorCode = errorCode;
        Function = function;
        LibraryMessage = libraryMessage;
        Rank = rank;
        Advice = advice;
    }

    /// <summary>The portable error class (the library's class, translated).</summary>
    public MpiErrorClass ErrorClass { get; }

    /// <summary>The raw error code the library returned (MPICH encodes extra detail in it).</summary>
    public int ErrorCode { get; }

    /// <summary>The MPI function that failed, e.g. <c>MPI_Recv</c>, when the failure came from the library.</summary>
    public string? Function { get; }

    /// <summary>The library's own description of the error (<c>MPI_Error_string</c>).</summary>
    public string? LibraryMessage { get; }

    /// <summary>The rank in MPI_COMM_WORLD that saw the failure, or -1 when MPI was not initialized.</summary>
    public int Rank { get; }

    /// <summary>What the caller can do about it.</summary>
    public string? Advice { get; }

    /// <summary>What went wrong, followed by what to do about it.</summary>
    public override string Message =>
        Advice is null || base.Message.Contains(Advice, StringComparison.Ordinal) ? base.Message : $"{base.Message} {Advice}";
}

/// <summary>
/// No usable MPI library was found, or the one found cannot be used. The message lists every candidate
/// tried and why each was rejected.
/// </summary>
public sealed class MpiLibraryNotFoundException : MpiException
{
    /// <summary>Creates the exception with the list of candidates tried.</summary>
    public MpiLibraryNotFoundException(string message, IReadOnlyList<string> candidatesTried)
        : base(MpiErrorClass.NotSupported, message,
               advice: "Install an MPI (Debian: apt-get install openmpi-bin libopenmpi-dev, or mpich libmpich-dev) " +
                       "or point TYPEDMPI_LIBRARY at the library (a path or a soname).")
    {
        CandidatesTried = candidatesTried;
    }

    /// <summary>Each candidate tried, with the reason it was not used.</summary>
    public IReadOnlyList<string> CandidatesTried { get; }
}

/// <summary>
/// The MPI library does not match the launcher that started the process: each rank would silently run as
/// rank 0 of 1. Start the program with the launcher of the library in use, or choose the library that
/// matches the launcher (TYPEDMPI_LIBRARY).
/// </summary>
public sealed class MpiLauncherMismatchException : MpiException
{
    /// <summary>Creates the exception.</summary>
    public MpiLauncherMismatchException(string message, int rank = -1)
        : base(MpiErrorClass.NotSupported, message, rank: rank,
               advice: "Run under the launcher of the library in use (mpirun.openmpi for Open MPI, mpiexec.mpich for MPICH) " +
                       "or set TYPEDMPI_LIBRARY to the library that belongs to your launcher; TYPEDMPI_VERBOSE=1 shows the choice.")
    {
    }
}

/// <summary>
/// The loaded MPI library does not provide a function this call needs (for example an MPI-4 function on
/// Open MPI 4.1).
/// </summary>
public sealed class MpiNotSupportedException : MpiException
{
    /// <summary>Creates the exception.</summary>
    public MpiNotSupportedException(string message, string function, int rank = -1)
        : base(MpiErrorClass.NotSupported, message, function: function, rank: rank,
               advice: "Use a library that implements it (e.g. MPICH ≥ 4.0 or Open MPI ≥ 5.0 for MPI-4 functions), or avoid this call.")
    {
    }

    /// <summary>Creates the exception for a function that is missing for another reason than the MPI library (e.g. the operating system), with its own advice.</summary>
    public MpiNotSupportedException(string message, string function, string advice, int rank = -1)
        : base(MpiErrorClass.NotSupported, message, function: function, rank: rank, advice: advice)
    {
    }
}
