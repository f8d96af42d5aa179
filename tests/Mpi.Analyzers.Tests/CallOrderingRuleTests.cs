using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>TMPI0300-0399: call ordering.</summary>
public sealed class CallOrderingRuleTests
{
    private static string InMethod(string body) => RankRuleTests.InMethod(body);

    [Fact]
    public Task CollectivesOnEveryRankHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(InMethod("""
        world.Bcast(data, root: 0);
        if (world.Rank == 0)
        {
            world.Send(1, dest: 1, tag: 0);
            data[0] = 1;
        }

        if (world.Rank == 0)
        {
            world.Bcast(data, root: 0);
        }
        else
        {
            world.Bcast(data, root: 0);
        }

        var sum = world.Rank == 0 ? world.Allreduce(1, MpiOp.Sum) : world.Allreduce(0, MpiOp.Sum);
        if (peer > 0)
        {
            world.Barrier();
        }

        for (var r = 0; r < world.Size; r++)
        {
            world.Bcast(data, root: r);
        }

        Action later = () => world.Barrier();
        if (world.Rank == 0)
        {
            later = () => world.Barrier();
        }
        """));

    [Fact]
    public Task CollectivesUnderRankConditions() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            if (world.Rank == 0)
            {
                world.Bcast(data, root: 0);
            }

            if (world.Rank != 0)
            {
                data[0] = 1;
            }
            else
            {
                world.Barrier();
            }

            var value = other.Rank > 1 ? world.Allreduce(1, MpiOp.Sum) : 0;
            while (world.Rank < peer)
            {
                using var copy = world.Dup();
                peer--;
            }

            for (var i = 0; i < world.Rank; i++)
            {
                var request = world.Ibarrier();
                request.Wait();
            }
            """),
        new Expected("TMPI0300", "Bcast", "'Bcast' is called only when 'world.Rank == 0' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Barrier", "'Barrier' is called only when '!(world.Rank != 0)' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Allreduce", "'Allreduce' is called only when 'other.Rank > 1' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Dup", "'Dup' is called only when 'world.Rank < peer' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Ibarrier", "'Ibarrier' is called only when 'i < world.Rank' holds, and a collective must be called by every rank of the communicator"));

    [Fact]
    public Task CollectivesUnderConditionsOnALocalRank() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            var rank = world.Rank;
            if (rank == 0)
            {
                world.Reduce(1, MpiOp.Sum, root: 0);
            }

            int me;
            me = world.Rank;
            switch (me)
            {
                case 0:
                    world.Split(color: 0).Dispose();
                    break;
                case > 1:
                    world.Barrier();
                    break;
                default:
                    break;
            }

            var total = rank switch
            {
                0 => world.Allreduce(1, MpiOp.Sum),
                _ => 0,
            };
            var notARank = peer;
            if (notARank == 0)
            {
                world.Barrier();
            }
            """),
        new Expected("TMPI0300", "Reduce", "'Reduce' is called only when 'rank == 0' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Split", "'Split' is called only when 'me == 0' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Barrier", "'Barrier' is called only when 'me is > 1' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Allreduce", "'Allreduce' is called only when 'rank is 0' holds, and a collective must be called by every rank of the communicator"));

    [Fact]
    public Task CollectivesAfterAnEarlyExitOnTheRank() => AnalyzerHarness.VerifyAsync(
        """
        public static class Program
        {
            public static void Workers(Communicator world, int[] data)
            {
                if (world.Rank == 0)
                {
                    return;
                }

                world.Bcast(data, root: 1);
            }

            public static void Loop(Communicator world, int[] data)
            {
                for (var i = 0; i < data.Length; i++)
                {
                    if (world.Rank > i) continue;
                    world.Barrier();
                }
            }

            public static int Checked(Communicator world)
            {
                if (world.Rank < 2)
                {
                    world.Barrier();
                }
                else
                {
                    throw new InvalidOperationException("too many ranks");
                }

                return world.Allreduce(1, MpiOp.Sum);
            }
        }
        """,
        new Expected("TMPI0300", "Bcast", "'Bcast' is called only when '!(world.Rank == 0)' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Barrier", "'Barrier' is called only when '!(world.Rank > i)' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Barrier", "'Barrier' is called only when 'world.Rank < 2' holds, and a collective must be called by every rank of the communicator"),
        new Expected("TMPI0300", "Allreduce", "'Allreduce' is called only when 'world.Rank < 2' holds, and a collective must be called by every rank of the communicator"));

    [Fact]
    public Task EarlyExitsOnOtherConditionsOrAfterTheSameCollectiveAreFine() => AnalyzerHarness.VerifyAsync(
        """
        public static class Program
        {
            public static void Run(Communicator world, int[] data)
            {
                if (data.Length == 0)
                {
                    return;
                }

                if (world.Rank == 0)
                {
                    world.Bcast(data, root: 0);
                    return;
                }

                world.Bcast(data, root: 0);
            }
        }
        """);

    private const string SendBeforeRecv = "Every rank calls 'Send' before 'Recv', which deadlocks when the message is too large to be buffered; use SendRecv";

    [Fact]
    public Task SendsAndReceivesThatCannotDeadlockHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(InMethod("""
        var echo = world.SendRecv(1, dest: world.Next, source: world.Previous, tag: 0);
        world.Send(1, dest: 0, tag: 0);
        var fromRoot = world.Recv<int>(source: 0, tag: 0);
        world.Send(1, dest: world.Next, tag: 0);
        data[0] = 1;
        var later = world.Recv<int>(source: world.Previous, tag: 0);
        world.Send(1, dest: world.Next, tag: 0);
        var fromOther = other.Recv<int>(source: other.Previous, tag: 0);
        if (world.Rank % 2 == 0)
        {
            world.Send(1, dest: world.Next, tag: 0);
            var even = world.Recv<int>(source: world.Previous, tag: 0);
        }
        else
        {
            var odd = world.Recv<int>(source: world.Previous, tag: 0);
            world.Send(1, dest: world.Next, tag: 0);
        }
        """));

    [Fact]
    public Task NeighboursThatSendBeforeTheyReceive() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            world.Send(data[0], dest: world.Next, tag: 1);
            var left = world.Recv<int>(source: world.Previous, tag: 1);
            world.Send(2, dest: (world.Rank + 1) % world.Size, tag: 2);
            left = world.Recv<int>(source: (world.Rank - 1 + world.Size) % world.Size, tag: 3);
            world.Send(3, dest: world.Previous, tag: 4);
            world.Recv<int>(data, source: world.Next, tag: 4);
            """),
        new Expected("TMPI0301", "Send", SendBeforeRecv),
        new Expected("TMPI0301", "Send", SendBeforeRecv),
        new Expected("TMPI0301", "Send", SendBeforeRecv));
}
