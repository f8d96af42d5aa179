using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>TMPI0020: the element type of a typed call must be one the runtime has a datatype for.</summary>
public sealed class ElementTypeRuleTests
{
    private const string Types = """
        public struct Plain { public int Value; }

        [MpiMessage]
        public partial struct Particle { public double X; public int Id; }

        public enum Color : short { Red, Green }

        public struct AddPlain : IMpiOperation<Plain> { public static Plain Apply(in Plain a, in Plain b) => a; }
        """;

    [Fact]
    public Task SupportedElementTypesHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(Types + """

        public static class Program
        {
            public static void Run<T>(Communicator world, T generic, Span<T> buffer) where T : unmanaged
            {
                world.Send(1, dest: 1, tag: 0);
                world.Send(1.5, dest: 1, tag: 0);
                world.Send(true, dest: 1, tag: 0);
                world.Send('c', dest: 1, tag: 0);
                world.Send((nint)1, dest: 1, tag: 0);
                world.Send((byte)1, dest: 1, tag: 0);
                world.Send(Color.Red, dest: 1, tag: 0);
                world.Send((Half)1, dest: 1, tag: 0);
                world.Send(new System.Numerics.Complex(1, 2), dest: 1, tag: 0);
                world.Send(new ValueIndex<double>(1.5, 2), dest: 1, tag: 0);
                world.Send(new Particle(), dest: 1, tag: 0);
                world.Send(generic, dest: 1, tag: 0);
                world.Bcast(buffer, root: 0);
                Particle p = world.Recv<Particle>(source: 0, tag: 0);
                ValueIndex<int> best = world.Allreduce(new ValueIndex<int>(3, world.Rank), MpiOp.MaxLoc);
                int count = world.Probe(0, 0).Count<Particle>();
            }
        }
        """);

    [Fact]
    public Task PlainStructInferred() => AnalyzerHarness.VerifyAsync(
        Types + """

        public static class Program
        {
            public static void Run(Communicator world, Plain value, Plain[] values)
            {
                world.Send(value, dest: 1, tag: 0);
                world.Bcast(values, root: 0);
            }
        }
        """,
        new Expected("TMPI0020", "Send", "'Plain' is not an MPI element type, so 'Send' cannot send or receive it"),
        new Expected("TMPI0020", "Bcast", "'Plain' is not an MPI element type, so 'Bcast' cannot send or receive it"));

    [Fact]
    public Task PlainStructExplicit() => AnalyzerHarness.VerifyAsync(
        Types + """

        public static class Program
        {
            public static void Run(Communicator world, Message message)
            {
                var received = world.Recv<Plain>(source: 0, tag: 0);
                var viaMessage = message.Recv<Plain>();
                var count = world.Probe(0, 0).Count<Plain>();
                var bytes = BsendBuffer.SizeFor<Plain>(4);
                var op = MpiOp.Create<Plain, AddPlain>("Add");
            }
        }
        """,
        new Expected("TMPI0020", "Recv<Plain>", "'Plain' is not an MPI element type, so 'Recv' cannot send or receive it"),
        new Expected("TMPI0020", "Recv<Plain>", "'Plain' is not an MPI element type, so 'Recv' cannot send or receive it"),
        new Expected("TMPI0020", "Count<Plain>", "'Plain' is not an MPI element type, so 'Count' cannot send or receive it"),
        new Expected("TMPI0020", "SizeFor<Plain>", "'Plain' is not an MPI element type, so 'SizeFor' cannot send or receive it"),
        new Expected("TMPI0020", "Create<Plain, AddPlain>", "'Plain' is not an MPI element type, so 'Create' cannot send or receive it"));

    [Fact]
    public Task TypesTheRuntimeHasNoDatatypeFor() => AnalyzerHarness.VerifyAsync(
        """
        using System.Numerics;

        public static class Program
        {
            public static void Run(Communicator world)
            {
                world.Send(new Vector3(1, 2, 3), dest: 1, tag: 0);
                world.Send((1, 2), dest: 1, tag: 0);
                world.Send(new ValueIndex<byte>(1, 2), dest: 1, tag: 0);
                world.Send(1m, dest: 1, tag: 0);
            }
        }
        """,
        new Expected("TMPI0020", "Send", "'Vector3' is not an MPI element type, so 'Send' cannot send or receive it"),
        new Expected("TMPI0020", "Send", "'(int, int)' is not an MPI element type, so 'Send' cannot send or receive it"),
        new Expected("TMPI0020", "Send", "'ValueIndex<byte>' is not an MPI element type, so 'Send' cannot send or receive it"),
        new Expected("TMPI0020", "Send", "'decimal' is not an MPI element type, so 'Send' cannot send or receive it"));

    [Fact]
    public Task InvalidMessageTypeIsReportedOnlyAtItsDeclaration() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public struct Particle { public double X; }

        public static class Program
        {
            public static void Run(Communicator world) => world.Send(new Particle(), dest: 1, tag: 0);
        }
        """,
        new Expected("TMPI0001", "Particle", "Message type 'Particle' is not partial, so the generator cannot add its MPI description"));

    [Fact]
    public Task OtherGenericMethodsAreNotChecked() => AnalyzerHarness.VerifyAsync(
        Types + """

        public static class Program
        {
            public static T Echo<T>(T value) => value;

            public static void Run(Communicator world) => Echo(new Plain());
        }
        """);
}
