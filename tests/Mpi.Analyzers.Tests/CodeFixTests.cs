using TypedMpi.Analyzers.Tests.Helpers;
using TypedMpi.CodeFixes;

namespace TypedMpi.Analyzers.Tests;

/// <summary>The fixes, applied through an AdhocWorkspace; each test compares the fixed sources and re-analyzes them.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public async Task MakePartialAddsTheModifier()
    {
        var (title, fixedSources) = await CodeFixHarness.ApplyAsync(new MakePartialCodeFix(), "TMPI0001", """
            /// <summary>A particle.</summary>
            [MpiMessage]
            public readonly struct Particle { public readonly double X; }
            """);

        Assert.Equal("Make 'Particle' partial", title);
        Assert.Equal("""
            /// <summary>A particle.</summary>
            [MpiMessage]
            public readonly partial struct Particle { public readonly double X; }
            """, fixedSources[0]);
        await CodeFixHarness.AssertFixedAsync("TMPI0001", fixedSources);
    }

    [Fact]
    public async Task MakePartialWithoutModifiersKeepsTheIndentation()
    {
        var (_, fixedSources) = await CodeFixHarness.ApplyAsync(new MakePartialCodeFix(), "TMPI0001", """
            namespace Physics
            {
                [MpiMessage]
                record struct Particle(double X, double Y);
            }
            """);

        Assert.Equal("""
            namespace Physics
            {
                [MpiMessage]
                partial record struct Particle(double X, double Y);
            }
            """, fixedSources[0]);
        await CodeFixHarness.AssertFixedAsync("TMPI0001", fixedSources);
    }

    [Fact]
    public async Task MakePartialFixesEveryContainingTypeInEveryFile()
    {
        // Outer's first declaration lacks partial (error CS0260, since the other one has it): the fix adds it there too.
        var (title, fixedSources) = await CodeFixHarness.ApplyAsync(
            new MakePartialCodeFix(),
            "TMPI0001",
            """
            public static class Outer
            {
                public class Middle
                {
                    [MpiMessage]
                    public struct Target { public int Value; }
                }
            }
            """,
            """
            public static partial class Outer
            {
                public static int Count;
            }
            """);

        Assert.Equal("Make 'Outer', 'Middle' and 'Target' partial", title);
        Assert.Equal("""
            public static partial class Outer
            {
                public partial class Middle
                {
                    [MpiMessage]
                    public partial struct Target { public int Value; }
                }
            }
            """, fixedSources[0]);
        Assert.Equal("""
            public static partial class Outer
            {
                public static int Count;
            }
            """, fixedSources[1]);
        await CodeFixHarness.AssertFixedAsync("TMPI0001", fixedSources);
    }

    [Fact]
    public async Task MakePartialForAnOperationMethod()
    {
        var (title, fixedSources) = await CodeFixHarness.ApplyAsync(new MakePartialCodeFix(), "TMPI0032", """
            public static class Ops
            {
                [MpiOperation]
                public static int Add(int a, int b) => a + b;
            }
            """);

        Assert.Equal("Make 'Ops' partial", title);
        Assert.Equal("""
            public static partial class Ops
            {
                [MpiOperation]
                public static int Add(int a, int b) => a + b;
            }
            """, fixedSources[0]);
        await CodeFixHarness.AssertFixedAsync("TMPI0032", fixedSources);
    }

    [Theory]
    [InlineData("world.Send(1, dest: world.Rank + 1, tag: 0);", "world.Send(1, dest: world.Next, tag: 0);", "Use 'world.Next'")]
    [InlineData("world.Send(1, 1 + world.Rank, 0);", "world.Send(1, world.Next, 0);", "Use 'world.Next'")]
    [InlineData("var v = world.Recv<int>(world.Rank - 1, 0);", "var v = world.Recv<int>(world.Previous, 0);", "Use 'world.Previous'")]
    [InlineData("var v = world.Recv<int>(source: world.Rank + -1, tag: 0);", "var v = world.Recv<int>(source: world.Previous, tag: 0);", "Use 'world.Previous'")]
    [InlineData("var v = world.SendRecv(1, dest: world.Rank+1, source: world.Previous, tag: 0);", "var v = world.SendRecv(1, dest: world.Next, source: world.Previous, tag: 0);", "Use 'world.Next'")]
    public async Task NeighbourBecomesTheWrappedProperty(string call, string expected, string expectedTitle)
    {
        var (title, fixedSources) = await CodeFixHarness.ApplyAsync(new UseNeighbourCodeFix(), "TMPI0203", RankRuleTests.InMethod(call));

        Assert.Equal(expectedTitle, title);
        Assert.Equal(RankRuleTests.InMethod(expected), fixedSources[0]);
        await CodeFixHarness.AssertFixedAsync("TMPI0203", fixedSources);
    }

    [Fact]
    public async Task NeighbourOnAnExpressionKeepsTheExpression()
    {
        const string Source = """
            public sealed class Grid(Communicator rows)
            {
                public Communicator Rows => rows;

                public void Shift(double value) => Rows.Send(value, dest: Rows.Rank + 1, tag: 0);
            }
            """;

        var (_, fixedSources) = await CodeFixHarness.ApplyAsync(new UseNeighbourCodeFix(), "TMPI0203", Source);

        Assert.Equal(Source.Replace("Rows.Rank + 1", "Rows.Next", StringComparison.Ordinal), fixedSources[0]);
    }

    [Fact]
    public async Task UseSendRecvReplacesBothCalls()
    {
        var (title, fixedSources) = await CodeFixHarness.ApplyAsync(new UseSendRecvCodeFix(), "TMPI0301", RankRuleTests.InMethod("""
            // Shift one value around the ring.
            world.Send(data[0], dest: world.Next, tag: 7);
            var left = world.Recv<int>(source: world.Previous, tag: 7);
            data[0] = left;
            """));

        Assert.Equal("Use 'SendRecv'", title);
        Assert.Equal(RankRuleTests.InMethod("""
            // Shift one value around the ring.
            var left = world.SendRecv(data[0], dest: world.Next, source: world.Previous, tag: 7);
            data[0] = left;
            """), fixedSources[0]);
        await CodeFixHarness.AssertFixedAsync("TMPI0301", fixedSources);
    }

    [Fact]
    public async Task UseSendRecvWorksInALambdaWithPositionalArguments()
    {
        const string Source = """
            public static class Ring
            {
                public static int Main(string[] args) => Mpi.Run(args, world =>
                {
                    world.Send(world.Rank, world.Next, 0);
                    double received = world.Recv<int>(world.Previous, 0);
                    Console.WriteLine(received);
                });
            }
            """;

        var (_, fixedSources) = await CodeFixHarness.ApplyAsync(new UseSendRecvCodeFix(), "TMPI0301", Source);

        Assert.Equal("""
            public static class Ring
            {
                public static int Main(string[] args) => Mpi.Run(args, world =>
                {
                    double received = world.SendRecv(world.Rank, dest: world.Next, source: world.Previous, tag: 0);
                    Console.WriteLine(received);
                });
            }
            """, fixedSources[0]);
        await CodeFixHarness.AssertFixedAsync("TMPI0301", fixedSources);
    }

    [Theory]
    [InlineData("var left = world.Recv<int>(source: world.Previous, tag: 8);")]
    [InlineData("world.Recv<int>(source: world.Previous, tag: 7);")]
    [InlineData("peer = world.Recv<int>(source: world.Previous, tag: 7);")]
    [InlineData("world.Recv<int>(data, source: world.Previous, tag: 7);")]
    public async Task UseSendRecvIsNotOfferedWithoutANewLocalOrWithDifferentTags(string receive)
    {
        var (actions, _) = await CodeFixHarness.ActionsAsync(new UseSendRecvCodeFix(), "TMPI0301", RankRuleTests.InMethod($"""
            world.Send(data[0], dest: world.Next, tag: 7);
            {receive}
            """));

        Assert.Empty(actions);
    }

    [Theory]
    [InlineData("comm.Isend(data, dest: 1, tag: 0);", "comm.Isend(data, dest: 1, tag: 0).Wait();")]
    [InlineData("comm.Irecv<int>(source: 0, tag: 0); // its value is dropped", "comm.Irecv<int>(source: 0, tag: 0).Wait(); // its value is dropped")]
    [InlineData("_ = comm.Ibarrier();", "_ = comm.Ibarrier().Wait();")]
    [InlineData("comm?.Isend(1, dest: 1, tag: 0);", "comm?.Isend(1, dest: 1, tag: 0).Wait();")]
    [InlineData("Action later = () => comm.Ibcast(buffer, root: 0);", "Action later = () => comm.Ibcast(buffer, root: 0).Wait();")]
    public async Task WaitForTheRequestAppendsWait(string statement, string expected)
    {
        var (title, fixedSources) = await CodeFixHarness.ApplyAsync(new WaitForRequestCodeFix(), "TMPI0400", RequestRuleTests.InMethod(statement));

        Assert.Equal("Wait for the request", title);
        Assert.Equal(RequestRuleTests.InMethod(expected), fixedSources[0]);
        await CodeFixHarness.AssertFixedAsync("TMPI0400", fixedSources);
    }

    [Fact]
    public async Task WaitForTheRequestFixesTheCallItIsOn()
    {
        var (_, fixedSources) = await CodeFixHarness.ApplyAsync(new WaitForRequestCodeFix(), "TMPI0400", RequestRuleTests.InMethod("""
            var first = comm.Isend(1, dest: 1, tag: 0);
            comm.Isend(first.Wait().Source, dest: 1, tag: 1);
            """));

        Assert.Equal(RequestRuleTests.InMethod("""
            var first = comm.Isend(1, dest: 1, tag: 0);
            comm.Isend(first.Wait().Source, dest: 1, tag: 1).Wait();
            """), fixedSources[0]);
        await CodeFixHarness.AssertFixedAsync("TMPI0400", fixedSources);
    }
}
