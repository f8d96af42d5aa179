using System.Text;

namespace TypedMpi.Conformance.Scenarios;

/// <summary>The environment: the library loaded, thread support, timers, the node, attributes, ring arithmetic.</summary>
public static class EnvironmentScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("env.library-info", LibraryInfo),
        new("env.thread-level-multiple", ThreadLevelMultiple),
        new("env.wtime", Wtime),
        new("env.processor-name", ProcessorName),
        new("env.tag-upper-bound", TagUpperBound),
        new("env.current", Current),
        new("env.self", Self),
        new("env.ring-arithmetic", RingArithmetic),
    ];

    private static void LibraryInfo(ScenarioContext ctx)
    {
        var library = ctx.Mpi.Library;
        ctx.True(library.VersionString.Length > 0, "a library version string");
        ctx.True(library.VersionLine.Length > 0 && !library.VersionLine.Contains('\n'), "a one-line version");
        switch (library.Family)
        {
            case AbiFamily.OpenMpi:
                ctx.True(library.VersionString.Contains("Open MPI", StringComparison.Ordinal), $"an Open MPI version string, got '{library.VersionLine}'");
                break;
            case AbiFamily.Mpich:
                ctx.True(library.VersionString.Contains("MPICH", StringComparison.OrdinalIgnoreCase), $"an MPICH version string, got '{library.VersionLine}'");
                break;
            case AbiFamily.InProcess:
                ctx.True(library.VersionString.Contains("in-process", StringComparison.Ordinal), $"the in-process backend's version string, got '{library.VersionLine}'");
                break;
        }

        ctx.True(library.StandardVersion.Major >= 3, $"MPI standard ≥ 3, got {library.StandardVersion}");
        ctx.Equal(library.StandardVersion, ctx.Mpi.StandardVersion, "MpiEnvironment.StandardVersion");

        // Under a launcher, it belongs to the library's family (no launcher: a singleton start); in-process ranks have their own.
        var expectedLauncher = library.Family switch
        {
            AbiFamily.OpenMpi => LauncherKind.OpenMpi,
            AbiFamily.InProcess => LauncherKind.InProcess,
            _ => LauncherKind.Pmi,
        };
        ctx.True(ctx.Mpi.Launcher == LauncherKind.None || ctx.Mpi.Launcher == expectedLauncher,
            $"launcher {expectedLauncher} for {library.Family}, got {ctx.Mpi.Launcher}");

        // Every rank loaded the same library.
        var families = ctx.Comm.Allgather((int)library.Family);
        ctx.True(families.All(f => f == (int)library.Family), "the same ABI family on every rank");
    }

    private static void ThreadLevelMultiple(ScenarioContext ctx)
    {
        ctx.Equal(ThreadLevel.Multiple, ctx.Mpi.RequestedThreadLevel, "requested thread level");
        ctx.Equal(ThreadLevel.Multiple, ctx.Mpi.ProvidedThreadLevel, "provided thread level");
    }

    private static void Wtime(ScenarioContext ctx)
    {
        var tick = Mpi.Wtick();
        ctx.True(tick > 0 && tick < 1, $"0 < Wtick < 1 s, got {tick}");
        ctx.Equal(tick, ctx.Mpi.Wtick, "MpiEnvironment.Wtick");

        var start = Mpi.Wtime();
        Thread.Sleep(20);
        var end = ctx.Mpi.Wtime();
        ctx.True(end > start, $"Wtime increases ({start} → {end})");
        ctx.True(end - start >= 0.015 && end - start < 5, $"a 20 ms sleep measures about 20 ms, got {(end - start) * 1000:F1} ms");
    }

    private static void ProcessorName(ScenarioContext ctx)
    {
        var name = ctx.Mpi.ProcessorName;
        ctx.True(!string.IsNullOrWhiteSpace(name), "a processor name");
        ctx.True(!name.Contains('\0'), "no NUL in the processor name");

        // One machine runs every rank, so every rank reports the same name (compared by a stable hash).
        var hash = Fnv1a(name);
        var hashes = ctx.Comm.Allgather(hash);
        for (var r = 0; r < ctx.Size; r++)
        {
            ctx.Equal(hash, hashes[r], $"the processor-name hash of rank {r}");
        }
    }

    private static void TagUpperBound(ScenarioContext ctx)
    {
        var bound = ctx.Comm.TagUpperBound;
        ctx.True(bound >= 32767, $"TagUpperBound ≥ 32767, got {bound}");
        ctx.Equal(ctx.Mpi.World.TagUpperBound, bound, "the tag bound of a duplicate equals the world's");
        ctx.Equal(bound, ctx.Comm.Bcast(bound, root: 0), "rank 0's tag bound");

        // The largest tag is valid: a message with it goes through.
        var request = ctx.Comm.Isend(ctx.Rank, ctx.Comm.Next, bound);
        ctx.Equal(ctx.Comm.Previous, ctx.Comm.Recv<int>(ctx.Comm.Previous, bound), "the value sent with the largest tag");
        request.Wait();
    }

    private static void Current(ScenarioContext ctx)
    {
        ctx.True(Mpi.Current is not null, "Mpi.Current while MPI is initialized");
        ctx.True(ReferenceEquals(Mpi.Current, ctx.Mpi), "Mpi.Current is the environment the runner initialized");
        ctx.True(MpiEnvironment.IsInitialized, "MpiEnvironment.IsInitialized");
        ctx.True(!MpiEnvironment.IsFinalized, "not MpiEnvironment.IsFinalized");
        ctx.Throws<InvalidOperationException>(() => Mpi.Initialize(ThreadLevel.Multiple), "a second Mpi.Initialize");
        ctx.Equal(ctx.Size, ctx.Mpi.World.Size, "the scenario communicator spans the world");
        ctx.Equal(ctx.Rank, ctx.Mpi.World.Rank, "the scenario communicator keeps world ranks");
    }

    private static void Self(ScenarioContext ctx)
    {
        var self = ctx.Mpi.Self;
        ctx.Equal(1, self.Size, "Self.Size");
        ctx.Equal(0, self.Rank, "Self.Rank");
        ctx.Equal(0, self.Next, "Self.Next");
        ctx.Equal(42 + ctx.Rank, self.Allreduce(42 + ctx.Rank, MpiOp.Sum), "an Allreduce over Self");
    }

    private static void RingArithmetic(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        ctx.Equal((ctx.Rank + 1) % ctx.Size, comm.Next, "Next");
        ctx.Equal((ctx.Rank - 1 + ctx.Size) % ctx.Size, comm.Previous, "Previous");
        ctx.True(comm.Next is >= 0 && comm.Next < ctx.Size && comm.Previous >= 0 && comm.Previous < ctx.Size, "ring neighbours are ranks");

        // Next is a permutation whose inverse is Previous.
        var nexts = comm.Allgather(comm.Next);
        var previouses = comm.Allgather(comm.Previous);
        for (var r = 0; r < ctx.Size; r++)
        {
            ctx.Equal(r, previouses[nexts[r]], $"Previous of Next of rank {r}");
        }

        ctx.SequenceEqual(Enumerable.Range(0, ctx.Size).ToArray(), nexts.Order().ToArray(), "Next over all ranks is a permutation");

        // And the neighbours are the ones messages actually travel between.
        ctx.Equal(comm.Previous, comm.SendRecv(ctx.Rank, comm.Next, comm.Previous, tag: 1), "the rank received from Previous");
    }

    /// <summary>A hash that is the same in every process (string.GetHashCode is randomized per process).</summary>
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
