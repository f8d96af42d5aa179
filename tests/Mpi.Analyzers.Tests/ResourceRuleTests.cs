using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>TMPI0500-0599: resources.</summary>
public sealed class ResourceRuleTests
{
    private static string InClass(string members) => $$"""
        public static class Program
        {
            private static Communicator? saved;

            private static void Keep(Communicator communicator) => saved = communicator;

            {{members}}
        }
        """;

    [Fact]
    public Task DisposedOrHandedOnCommunicatorsHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(InClass("""
        public static Communicator Run(Communicator world)
        {
            using var copy = world.Dup();
            using (var node = world.SplitType(CommunicatorSplitType.Shared))
            {
                node.Barrier();
            }

            var row = world.Split(color: world.Rank % 2);
            row.Barrier();
            row.Dispose();

            var stored = world.Split(color: 0);
            saved = stored;
            var passed = world.Dup();
            Keep(passed);
            var maybe = world.Dup();
            maybe?.Dispose();
            var returned = world.Split(color: 1);
            return returned;
        }
        """));

    [Fact]
    public Task CommunicatorsNeverDisposed() => AnalyzerHarness.VerifyAsync(
        InClass("""
            public static int Run(Communicator world, Group group)
            {
                var row = world.Split(color: world.Rank / 2, key: world.Rank);
                var copy = world.Dup();
                copy.Barrier();
                Communicator subset = world.Create(group);
                var grid = world.CreateCartesian([2, 2], [true, true]);
                return row.Size + grid.Rank;
            }
            """),
        new Expected("TMPI0500", "row", "The communicator from 'Split' in 'row' is never disposed; dispose it (a using declaration) to free it with MPI_Comm_free"),
        new Expected("TMPI0500", "copy", "The communicator from 'Dup' in 'copy' is never disposed; dispose it (a using declaration) to free it with MPI_Comm_free"),
        new Expected("TMPI0500", "subset", "The communicator from 'Create' in 'subset' is never disposed; dispose it (a using declaration) to free it with MPI_Comm_free"),
        new Expected("TMPI0500", "grid", "The communicator from 'CreateCartesian' in 'grid' is never disposed; dispose it (a using declaration) to free it with MPI_Comm_free"));

    [Fact]
    public Task DisposedOrHandedOnPersistentRequestsHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(InClass("""
        public static PersistentRequest Run(Communicator world, int[] data)
        {
            using var send = world.SendInit(data, world.Next, 1);
            var receive = world.RecvInit(data, world.Previous, 1);
            PersistentRequest.StartAll(send, receive);
            PersistentRequest[] set = [send, receive];
            PersistentRequest.WaitAll(set);

            var once = world.SendInit(data.AsMemory(), 0, 2);
            once.Start();
            once.Wait();
            once.Dispose();
            var returned = world.RecvInit(data, 0, 3);
            return returned;
        }
        """));

    [Fact]
    public Task PersistentRequestsNeverDisposed() => AnalyzerHarness.VerifyAsync(
        InClass("""
            public static bool Run(Communicator world, double[] data)
            {
                var send = world.SendInit(data, world.Next, 1);
                var receive = world.RecvInit(data.AsMemory(), world.Previous, 1);
                receive.Start();
                send.Start();
                receive.Wait();
                send.Wait();
                return send.IsActive;
            }
            """),
        new Expected("TMPI0501", "send", "The persistent request from 'SendInit' in 'send' is never disposed; dispose it (a using declaration) to unpin its buffer and free it with MPI_Request_free"),
        new Expected("TMPI0501", "receive", "The persistent request from 'RecvInit' in 'receive' is never disposed; dispose it (a using declaration) to unpin its buffer and free it with MPI_Request_free"));
}
