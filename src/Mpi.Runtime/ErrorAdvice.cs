namespace TypedMpi;

/// <summary>What a caller can usually do about each class of MPI error: the "what to do" part of a message.</summary>
internal static class ErrorAdvice
{
    public static string For(MpiErrorClass errorClass) => errorClass switch
    {
        MpiErrorClass.Truncate => "The message is larger than the receive buffer: enlarge the buffer, or receive with RecvArray, which probes for the size first.",
        MpiErrorClass.Rank => "A rank must be in [0, Size) of the communicator, or Mpi.AnySource on a receive, or Mpi.ProcNull.",
        MpiErrorClass.Tag => "A tag must be in [0, Communicator.TagUpperBound], or Mpi.AnyTag on a receive.",
        MpiErrorClass.Root => "The root must be a rank of the communicator, and the same on every rank.",
        MpiErrorClass.Count => "A count must be non-negative and the counts of a collective must match across ranks.",
        MpiErrorClass.Type => "The element type is not valid for this operation (for example a reduction op on a type MPI cannot reduce).",
        MpiErrorClass.Op => "This operation is not defined for the element type (e.g. Sum on bool, Min on Complex, a bitwise op on double).",
        MpiErrorClass.Buffer => "The buffer is invalid for this call (for Bsend: attach a large enough buffer with AttachBuffer first).",
        MpiErrorClass.Comm => "The communicator is invalid: it may have been disposed.",
        MpiErrorClass.Request => "The request is invalid: it may already have completed.",
        MpiErrorClass.Group => "The group is invalid: it may have been disposed.",
        MpiErrorClass.Topology => "This communicator has no Cartesian topology.",
        MpiErrorClass.Dims => "The dimensions do not fit the number of ranks.",
        MpiErrorClass.Arg => "An argument is out of range; check the counts, dimensions and ranks passed.",
        MpiErrorClass.NoMem => "MPI ran out of memory.",
        MpiErrorClass.Pending or MpiErrorClass.InStatus => "Some requests of the set failed; inspect each one.",
        _ => "See the library message above; TYPEDMPI_VERBOSE=1 shows which MPI library is in use.",
    };
}
