namespace TypedMpi;

/// <summary>
/// The MPI error classes, independent of the library in use.
/// </summary>
/// <remarks>
/// Every MPI library numbers its error classes differently above <see cref="Rank"/> (MPI_ERR_REQUEST is
/// 7 in Open MPI and 19 in MPICH). TypedMpi always asks the library for the class of an error code
/// (<c>MPI_Error_class</c>) and translates it into this enum, whose values are those of the MPI-5 standard ABI.
/// </remarks>
public enum MpiErrorClass
{
#pragma warning disable CS1591 // the names are the MPI standard's own (MPI_ERR_BUFFER, ...)
    Success = 0,
    Buffer = 1,
    Count = 2,
    Type = 3,
    Tag = 4,
    Comm = 5,
    Rank = 6,
    Request = 7,
    Root = 8,
    Group = 9,
    Op = 10,
    Topology = 11,
    Dims = 12,
    Arg = 13,
    Unknown = 14,
    Truncate = 15,
    Other = 16,
    Intern = 17,
    Pending = 18,
    InStatus = 19,
    Access = 20,
    Amode = 21,
    Assert = 22,
    BadFile = 23,
    Base = 24,
    Conversion = 25,
    Disp = 26,
    DupDatarep = 27,
    FileExists = 28,
    FileInUse = 29,
    File = 30,
    InfoKey = 31,
    InfoNokey = 32,
    InfoValue = 33,
    Info = 34,
    IO = 35,
    Keyval = 36,
    Locktype = 37,
    Name = 38,
    NoMem = 39,
    NotSame = 40,
    NoSpace = 41,
    NoSuchFile = 42,
    Port = 43,
    Quota = 44,
    ReadOnly = 45,
    RmaAttach = 46,
    RmaConflict = 47,
    RmaRange = 48,
    RmaShared = 49,
    RmaSync = 50,
    Service = 51,
    Size = 52,
    Spawn = 53,
    UnsupportedDatarep = 54,
    UnsupportedOperation = 55,
    Win = 56,
    RmaFlavor = 57,
    ProcAborted = 58,
    ValueTooLarge = 59,
    Session = 60,
    Errhandler = 61,
    Abi = 62,
#pragma warning restore CS1591

    /// <summary>A class this version of TypedMpi does not know (see <see cref="MpiException.ErrorCode"/>).</summary>
    Unrecognized = -1,

    /// <summary>Not an error of the MPI library: TypedMpi rejected the call before it reached MPI.</summary>
    NotSupported = -2,
}
