using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>TMPI0200-0204: ranks.</summary>
public sealed class RankRuleTests
{
    internal static string InMethod(string body) => $$"""
        public static class Program
        {
            private const int Root = 0;

            public static void Run(Communicator world, Communicator other, int[] data, int peer)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task ValidRanksHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(InMethod("""
        world.Send(1, dest: 0, tag: 0);
        world.Send(1, dest: peer, tag: 0);
        world.Send(1, dest: Mpi.ProcNull, tag: 0);
        world.Send(1, dest: world.Next, tag: 0);
        world.Send(1, dest: (world.Rank + 1) % world.Size, tag: 0);
        world.Send(1, dest: world.Size - 1, tag: 0);
        var a = world.Recv<int>(source: Mpi.AnySource, tag: 0);
        var b = world.Recv<int>(source: Mpi.ProcNull, tag: 0);
        var c = world.Recv<int>(source: (world.Rank - 1 + world.Size) % world.Size, tag: 0);
        var d = world.Recv<int>(source: world.Previous, tag: 0);
        world.Bcast(data, root: Root);
        world.Bcast(data, root: world.Size - 1);
        var e = world.Reduce(world.Rank, MpiOp.Sum, root: 0);
        for (var r = 0; r < world.Size; r++)
        {
            world.Bcast(data, root: r);
        }
        """));

    [Fact]
    public Task NegativeRanks() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            world.Send(1, dest: -2, tag: 0);
            var value = world.Recv<int>(source: -4, tag: 0);
            world.Bcast(data, root: -1);
            world.Bcast(data, root: Mpi.ProcNull);
            """),
        new Expected("TMPI0200", "dest: -2", "Rank -2 passed as 'dest' to 'Send' is not a rank, and a destination is a rank from 0 to Size - 1 or Mpi.ProcNull"),
        new Expected("TMPI0200", "source: -4", "Rank -4 passed as 'source' to 'Recv' is not a rank, and a source is a rank from 0 to Size - 1, Mpi.AnySource or Mpi.ProcNull"),
        new Expected("TMPI0200", "root: -1", "Rank -1 passed as 'root' to 'Bcast' is not a rank, and a root is a rank from 0 to Size - 1"),
        new Expected("TMPI0200", "root: Mpi.ProcNull", "Rank -3 passed as 'root' to 'Bcast' is not a rank, and a root is a rank from 0 to Size - 1"));

    [Fact]
    public Task AnySourceOnSends() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            world.Send(1, Mpi.AnySource, 0);
            var request = world.Isend(data, dest: Mpi.AnySource, tag: 0);
            request.Wait();
            var echo = world.SendRecv(1, dest: Mpi.AnySource, source: Mpi.AnySource, tag: 0);
            """),
        new Expected("TMPI0201", "Mpi.AnySource", "'Send' sends to Mpi.AnySource, which only a receive can use, so give a destination rank"),
        new Expected("TMPI0201", "dest: Mpi.AnySource", "'Isend' sends to Mpi.AnySource, which only a receive can use, so give a destination rank"),
        new Expected("TMPI0201", "dest: Mpi.AnySource", "'SendRecv' sends to Mpi.AnySource, which only a receive can use, so give a destination rank"));

    [Fact]
    public Task SizeAsRank() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            world.Send(1, dest: world.Size, tag: 0);
            var value = world.Recv<int>(other.Size, 0);
            world.Bcast(data, root: world.Size);
            """),
        new Expected("TMPI0202", "dest: world.Size", "'world.Size' passed as 'dest' to 'Send' is one past the last rank, and ranks go from 0 to Size - 1"),
        new Expected("TMPI0202", "other.Size", "'other.Size' passed as 'source' to 'Recv' is one past the last rank, and ranks go from 0 to Size - 1"),
        new Expected("TMPI0202", "root: world.Size", "'world.Size' passed as 'root' to 'Bcast' is one past the last rank, and ranks go from 0 to Size - 1"));

    [Fact]
    public Task NeighboursWithoutWrap() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            world.Send(1, dest: world.Rank + 1, tag: 0);
            world.Send(1, 1 + world.Rank, 0);
            var value = world.Recv<int>(source: world.Rank - 1, tag: 0);
            """),
        new Expected("TMPI0203", "dest: world.Rank + 1", "'world.Rank + 1' passed as 'dest' to 'Send' is not a rank on the last rank, so use 'world.Next', which wraps around"),
        new Expected("TMPI0301", "Send", "Every rank calls 'Send' before 'Recv', which deadlocks when the message is too large to be buffered; use SendRecv"),
        new Expected("TMPI0203", "1 + world.Rank", "'1 + world.Rank' passed as 'dest' to 'Send' is not a rank on the last rank, so use 'world.Next', which wraps around"),
        new Expected("TMPI0203", "source: world.Rank - 1", "'world.Rank - 1' passed as 'source' to 'Recv' is not a rank on the first rank, so use 'world.Previous', which wraps around"));

    [Fact]
    public Task ChainsUnderARankConditionAreNotReported() => AnalyzerHarness.VerifyAsync(InMethod("""
        // A pipeline, not a ring: each rank passes to the next one, and the last stops.
        if (world.Rank < world.Size - 1)
        {
            world.Send(1, dest: world.Rank + 1, tag: 0);
        }

        if (world.Rank > 0)
        {
            var value = world.Recv<int>(source: world.Rank - 1, tag: 0);
        }

        if (world.Rank == 0)
        {
            world.Send(2, dest: 1, tag: 0);
        }
        else
        {
            var value = world.Recv<int>(source: world.Rank - 1, tag: 0);
        }

        var maybe = world.Rank + 1 < world.Size ? world.SendRecv(1, dest: world.Rank + 1, source: 0, tag: 0) : 0;

        if (world.Rank == world.Size - 1)
        {
            return;
        }

        world.Send(3, dest: world.Rank + 1, tag: 0);
        """));

    [Fact]
    public Task AConditionThatDoesNotBoundTheRankIsNoGuard() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            if (world.Rank == 0)
            {
                world.Send(1, dest: world.Next, tag: 0);
            }
            else
            {
                var baton = world.Recv<int>(source: world.Previous, tag: 0);
                world.Send(baton, dest: world.Rank + 1, tag: 0);
            }
            """),
        new Expected("TMPI0203", "dest: world.Rank + 1", "'world.Rank + 1' passed as 'dest' to 'Send' is not a rank on the last rank, so use 'world.Next', which wraps around"));

    [Fact]
    public Task RankDependentRoots() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            world.Bcast(data, root: world.Rank);
            var sum = world.Reduce(1, MpiOp.Sum, root: world.Rank % 2);
            var all = world.Gather(1, world.Next);
            """),
        new Expected("TMPI0204", "root: world.Rank", "The root passed to 'Bcast' depends on the calling rank ('world.Rank'), and every rank must pass the same root"),
        new Expected("TMPI0204", "root: world.Rank % 2", "The root passed to 'Reduce' depends on the calling rank ('world.Rank % 2'), and every rank must pass the same root"),
        new Expected("TMPI0204", "world.Next", "The root passed to 'Gather' depends on the calling rank ('world.Next'), and every rank must pass the same root"));
}
