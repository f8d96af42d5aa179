using TypedMpi.Tool.Output;

namespace TypedMpi.Tool.Bench;

/// <summary>What every benchmark of one run shares: MPI, the options, and rank 0's output.</summary>
internal sealed class BenchContext(MpiEnvironment mpi, Communicator world, BenchOptions options)
{
    public MpiEnvironment Mpi { get; } = mpi;

    public Communicator World { get; } = world;

    public BenchOptions Options { get; } = options;

    public bool IsRoot => World.Rank == 0;

    /// <summary>"csharp" on an MPI library (as tests/Mpi.Benchmarks), "inprocess" on in-process ranks.</summary>
    public string Impl { get; } = mpi.Library.Family == AbiFamily.InProcess ? "inprocess" : "csharp";

    /// <summary>The first line of the library's version string, as pingpong.c reports it.</summary>
    public string Library { get; } = mpi.Library.VersionLine;

    /// <summary>Writes a line on standard output (rank 0 only: callers check <see cref="IsRoot"/>).</summary>
    public static void Print(string line)
    {
        StandardStreams.Out.Write(line);
        StandardStreams.Out.Write('\n');
        StandardStreams.Out.Flush();
    }

    /// <summary>The first line of a table: what is measured, on which library and backend.</summary>
    public string Title(string what) =>
        $"# typedmpi bench {BenchOptions.NameOf(Options.Kind)}: {what}\n# {Library} ({Impl}, {World.Size} rank{(World.Size == 1 ? "" : "s")})";

    /// <summary>The managed bytes all ranks of <paramref name="comm"/> allocated in their timed loops; the sum on its rank 0.</summary>
    public static long TotalAllocated(Communicator comm, long mine) => comm.Reduce(mine, MpiOp.Sum, 0);
}
