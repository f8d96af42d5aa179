using TypedMpi.InProcess;
using TypedMpi.Interop;

namespace TypedMpi.Tool.Info;

/// <summary>What <c>MPI_Init_thread</c> gave (<c>typedmpi info --init</c>), or why it failed.</summary>
internal sealed record InitResult(
    string? Error,
    ThreadLevel Requested,
    ThreadLevel? Provided,
    int WorldSize,
    int Rank,
    string? ProcessorName,
    MpiLibraryInfo? Library,
    double Wtick)
{
    public bool Ok => Error is null;
}

/// <summary>Everything <c>typedmpi info</c> reports; rendered as text (<see cref="InfoText"/>) or JSON (<see cref="InfoJson"/>).</summary>
internal sealed record InfoReport(
    string ToolVersion,
    string RuntimeVersion,
    string DotnetVersion,
    string Host,
    LauncherEnvironment Launcher,
    BackendChoice? Backend,
    string? BackendProblem,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    IReadOnlyList<Candidate> Candidates,
    string? AbiProblem,
    Choice? Choice,
    InitResult? Init)
{
    /// <summary>The variables that steer TypedMpi's choices, shown when set.</summary>
    public static readonly string[] SettingNames =
    [
        "TYPEDMPI_LIBRARY", "TYPEDMPI_ABI", "TYPEDMPI_BACKEND", "TYPEDMPI_RANKS", "TYPEDMPI_VERBOSE",
        "TYPEDMPI_LAUNCHER_CHECK", "TYPEDMPI_EAGER_LIMIT", "TYPEDMPI_DEADLOCK_TIMEOUT", "I_MPI_ROOT", "LD_LIBRARY_PATH",
    ];

    /// <summary>How to get an MPI library when none is usable.</summary>
    public static readonly string[] InstallAdvice =
    [
        "Install Open MPI: apt-get install openmpi-bin libopenmpi-dev",
        "or MPICH: apt-get install mpich libmpich-dev",
        "or point TYPEDMPI_LIBRARY at a library: TYPEDMPI_LIBRARY=/path/to/libmpi.so.40 (a path or soname, or a ':'-separated list)",
        "In-process ranks need no MPI library: typedmpi bench ringtest --ranks 4",
    ];

    public bool LibraryFound => Choice is not null;

    public string BackendName => Backend?.Backend == InProcess.Backend.InProcess ? "inprocess" : Backend is null ? "unknown" : "native";
}
