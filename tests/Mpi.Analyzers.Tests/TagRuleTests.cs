using TypedMpi.Analyzers.Tests.Helpers;

namespace TypedMpi.Analyzers.Tests;

/// <summary>TMPI0100-0104: tags.</summary>
public sealed class TagRuleTests
{
    private static string InMethod(string body) => $$"""
        public static class Program
        {
            private const int NegativeTag = -4;

            public static void Run(Communicator world, int[] data, int tag)
            {
                {{body}}
            }
        }
        """;

    [Fact]
    public Task ValidTagsHaveNoDiagnostics() => AnalyzerHarness.VerifyAsync(InMethod("""
        world.Send(1, dest: 1, tag: 0);
        world.Send(1, dest: 1, tag: 32767);
        world.Send(1, dest: 1, tag: tag);
        world.Send(1, dest: 1, tag: -tag);
        var value = world.Recv<int>(source: 0, tag: Mpi.AnyTag);
        var status = world.Probe(Mpi.AnySource, Mpi.AnyTag);
        var array = world.RecvArray<int>(0, Mpi.AnyTag);
        var request = world.Irecv(data, source: 0, tag: Mpi.AnyTag);
        request.Wait();
        world.SendRecv<int>(data, dest: 1, sendTag: 5, data, source: 0, recvTag: Mpi.AnyTag);
        var typed = new Tag<int>(7);
        """));

    [Fact]
    public Task NegativeTagOnSend() => AnalyzerHarness.VerifyAsync(
        InMethod("world.Send(1, dest: 1, tag: -1);"),
        new Expected("TMPI0100", "tag: -1", "Tag -1 passed to 'Send' is negative, and tags go from 0 to the tag upper bound"));

    [Fact]
    public Task NegativeConstantTagOnReceive() => AnalyzerHarness.VerifyAsync(
        InMethod("var value = world.Recv<int>(0, NegativeTag);"),
        new Expected("TMPI0100", "NegativeTag", "Tag -4 passed to 'Recv' is negative, and tags go from 0 to the tag upper bound (or Mpi.AnyTag, to receive any tag)"));

    [Fact]
    public Task NegativeTagInTagDeclaration() => AnalyzerHarness.VerifyAsync(
        """
        public static class Tags
        {
            public static readonly Tag<int> Counts = new(-1);
        }
        """,
        new Expected("TMPI0100", "-1", "Tag -1 passed to 'Tag<int>' is negative, and tags go from 0 to the tag upper bound"));

    [Fact]
    public Task AnyTagOnSends() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            world.Send(1, dest: 1, tag: Mpi.AnyTag);
            var echo = world.SendRecv(1, dest: 1, source: 0, tag: Mpi.AnyTag);
            world.SendRecv<int>(data, dest: 1, sendTag: Mpi.AnyTag, data, source: 0, recvTag: 3);
            var request = world.Isend(data, 1, Mpi.AnyTag);
            request.Wait();
            """),
        new Expected("TMPI0101", "tag: Mpi.AnyTag", "'Send' sends with Mpi.AnyTag, which only a receive can use, so give the message a tag"),
        new Expected("TMPI0101", "tag: Mpi.AnyTag", "'SendRecv' sends with Mpi.AnyTag, which only a receive can use, so give the message a tag"),
        new Expected("TMPI0101", "sendTag: Mpi.AnyTag", "'SendRecv' sends with Mpi.AnyTag, which only a receive can use, so give the message a tag"),
        new Expected("TMPI0101", "Mpi.AnyTag", "'Isend' sends with Mpi.AnyTag, which only a receive can use, so give the message a tag"));

    [Fact]
    public Task TagsAboveTheGuaranteedBound() => AnalyzerHarness.VerifyAsync(
        InMethod("""
            world.Send(1, dest: 1, tag: 32768);
            var tag2 = new Tag<double>(100_000);
            """),
        new Expected("TMPI0102", "tag: 32768", "Tag 32768 passed to 'Send' is above 32767, the largest tag every MPI library must accept"),
        new Expected("TMPI0102", "100_000", "Tag 100000 passed to 'Tag<double>' is above 32767, the largest tag every MPI library must accept"));

    [Fact]
    public Task OneValueBoundToTwoTypes() => AnalyzerHarness.VerifyAsync(
        """
        [MpiMessage]
        public partial struct Particle { public double X; }

        public static class Tags
        {
            public static readonly Tag<Particle> Particles = new(1);
            public static readonly Tag<int> Counts = new Tag<int>(1);
            public static Tag<double> Energies { get; } = new(2);
        }

        public static class MoreTags
        {
            public static readonly Tag<double> Energy = new(2);
            public static readonly Tag<long> Steps = new(3);
        }
        """,
        new Expected("TMPI0103", "Particles", "Tag value 1 of 'Tags.Particles' (Tag<Particle>) is also the value of 'Tags.Counts' (Tag<int>), so a receive with one can match a send with the other"),
        new Expected("TMPI0103", "Counts", "Tag value 1 of 'Tags.Counts' (Tag<int>) is also the value of 'Tags.Particles' (Tag<Particle>), so a receive with one can match a send with the other"));

    [Fact]
    public Task OneValueBoundToTwoTypesAcrossFiles() => AnalyzerHarness.VerifyAsync(
        [
            "public static class Tags { public static readonly Tag<int> Counts = new(4); }",
            "public static class Other { public static readonly Tag<float> Weights = new(4); }",
        ],
        AnalyzerHarness.ParseOptions,
        [],
        new Expected("TMPI0103", "Counts", "Tag value 4 of 'Tags.Counts' (Tag<int>) is also the value of 'Other.Weights' (Tag<float>), so a receive with one can match a send with the other"),
        new Expected("TMPI0103", "Weights", "Tag value 4 of 'Other.Weights' (Tag<float>) is also the value of 'Tags.Counts' (Tag<int>), so a receive with one can match a send with the other"));

    [Fact]
    public Task InstanceTagsAndComputedValuesAreNotCompared() => AnalyzerHarness.VerifyAsync("""
        public sealed class Channel(int value)
        {
            public readonly Tag<int> Counts = new(1);
            public readonly Tag<double> Weights = new(1);
            public static readonly Tag<float> Dynamic = new(Environment.ProcessorCount);
            public static readonly Tag<long> Fixed = new(1 + 0 * 0);
            public int Value => value;
        }
        """);

    [Fact]
    public Task TypedTagValueCarryingAnotherType() => AnalyzerHarness.VerifyAsync(
        """
        public static class Tags
        {
            public static readonly Tag<long> Steps = new(3);
        }

        public static class Program
        {
            public static void Run(Communicator world, double[] data)
            {
                world.Send(3.14, dest: 1, tag: Tags.Steps.Value);
                world.Recv<double>(data, source: 0, tag: Tags.Steps.Value);
            }
        }
        """,
        new Expected("TMPI0104", "tag: Tags.Steps.Value", "'Tags.Steps' is bound to long, but 'Send' sends double with its number, so the other side of this tag reads the bytes as the wrong type; use a Tag<double>, or send a long with the typed overload"),
        new Expected("TMPI0104", "tag: Tags.Steps.Value", "'Tags.Steps' is bound to long, but 'Recv' receives double with its number, so the other side of this tag reads the bytes as the wrong type; use a Tag<double>, or receive a long with the typed overload"));

    [Fact]
    public Task TypedTagValueWithItsOwnTypeOrWithoutAnElementTypeIsFine() => AnalyzerHarness.VerifyAsync(
        """
        public static class Tags
        {
            public static readonly Tag<long> Steps = new(3);
        }

        public static class Program
        {
            public static void Run<T>(Communicator world, T value) where T : unmanaged
            {
                world.Send(5L, dest: 1, tag: Tags.Steps.Value);
                var status = world.Probe(0, Tags.Steps.Value);
                world.Send(value, dest: 1, tag: Tags.Steps.Value);
            }
        }
        """);
}
