using System.Numerics;

namespace TypedMpi.Conformance.Scenarios;

/// <summary>Message types from the generator through every kind of operation.</summary>
public static class MessageScenarios
{
    private static readonly Tag<Body> BodyTag = new(301);
    private static readonly Tag<Samples> SamplesTag = new(302);

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("msg.ring-nested-enum-bool-char", RingNested),
        new("msg.ring-padded", RingPadded),
        new("msg.ring-fixed-and-inline-arrays", RingArrays),
        new("msg.ring-complex-half-vector", RingSpectrum),
        new("msg.ring-explicit-layout", RingExplicit),
        new("msg.ring-record-struct", RingRecord),
        new("msg.typed-tags", TypedTags),
        new("msg.span-and-status-count", SpanAndCount),
        new("msg.recv-array-unknown-length", RecvArrayUnknownLength),
        new("msg.nonblocking", Nonblocking),
        new("msg.bcast-gather-scatter-allgather", Collectives),
        new("msg.alltoall", Alltoall),
        new("msg.allreduce-sum-max-fieldwise", AllreduceFieldwise),
        new("msg.reduce-scan-arrays", ReduceAndScan),
        new("msg.complex-half-vector-sum", SpectrumSum),
        new("msg.sum-undefined-for-enum-fields", SumUndefined),
        new("msg.unregistered-struct-refused", Unregistered),
    ];

    private static void RingNested(ScenarioContext ctx) => Ring(ctx, Body.Of, tag: 1);

    private static void RingPadded(ScenarioContext ctx) => Ring(ctx, Padded.Of, tag: 2);

    private static void RingArrays(ScenarioContext ctx) => Ring(ctx, Samples.Of, tag: 3, describe: s => s.Describe());

    private static void RingSpectrum(ScenarioContext ctx) => Ring(ctx, Spectrum.Of, tag: 4);

    private static void RingExplicit(ScenarioContext ctx) => Ring(ctx, Explicit.Of, tag: 5);

    private static void RingRecord(ScenarioContext ctx) => Ring(ctx, rank => new Cell(rank, -rank), tag: 6);

    /// <summary>Every rank sends its value to the next and checks the one from the previous rank.</summary>
    private static void Ring<T>(ScenarioContext ctx, Func<int, T> valueOf, int tag, Func<T, string>? describe = null) where T : unmanaged
    {
        var received = ctx.Comm.SendRecv(valueOf(ctx.Rank), dest: ctx.Comm.Next, source: ctx.Comm.Previous, tag: tag);
        var expected = valueOf(ctx.Comm.Previous);
        if (describe is not null)
        {
            // inline arrays refuse the built-in Equals: compare what the type itself prints of every element
            ctx.Equal(describe(expected), describe(received), $"{typeof(T).Name} from the previous rank");
        }
        else
        {
            ctx.Equal(expected, received, $"{typeof(T).Name} from the previous rank");
        }
    }

    private static void TypedTags(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var pending = comm.Isend(Body.Of(ctx.Rank), comm.Next, BodyTag);
        Body received = comm.Recv(comm.Previous, BodyTag);
        pending.Wait();
        ctx.Equal(Body.Of(comm.Previous), received, "Body under its typed tag");

        var samples = new[] { Samples.Of(ctx.Rank), Samples.Of(ctx.Rank + 1) };
        var send = comm.Isend(samples, comm.Next, SamplesTag);
        var incoming = comm.RecvArray(comm.Previous, SamplesTag);
        send.Wait();
        ctx.Equal(2, incoming.Length, "Samples array length");
        ctx.Equal(Samples.Of(comm.Previous + 1).Describe(), incoming[1].Describe(), "second Samples");
    }

    private static void SpanAndCount(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var outgoing = new Padded[3];
        for (var i = 0; i < outgoing.Length; i++)
        {
            outgoing[i] = Padded.Of(ctx.Rank * 10 + i);
        }

        var incoming = new Padded[8]; // longer than the message
        var request = comm.Isend(outgoing, comm.Next, 7);
        var status = comm.Recv<Padded>(incoming, comm.Previous, 7);
        request.Wait();
        ctx.Equal(3, status.Count<Padded>(), "Status.Count<Padded> (MPI_Get_count with the derived type)");
        for (var i = 0; i < 3; i++)
        {
            ctx.Equal(Padded.Of(comm.Previous * 10 + i), incoming[i], $"element {i}");
        }

        ctx.Equal(default, incoming[3], "the rest of the buffer is untouched");
    }

    private static void RecvArrayUnknownLength(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var length = 1 + ctx.Rank;
        var outgoing = new Body[length];
        for (var i = 0; i < length; i++)
        {
            outgoing[i] = Body.Of(i);
        }

        var request = comm.Isend(outgoing, comm.Next, 8);
        var incoming = comm.RecvArray<Body>(comm.Previous, 8);
        request.Wait();
        ctx.Equal(1 + comm.Previous, incoming.Length, "length of the previous rank's array");
        ctx.Equal(Body.Of(incoming.Length - 1), incoming[^1], "last element");
    }

    private static void Nonblocking(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var value = comm.Irecv<Samples>(comm.Previous, 9);
        var send = comm.Isend(Samples.Of(ctx.Rank), comm.Next, 9);
        Request.WaitAll(value, send);
        ctx.Equal(Samples.Of(comm.Previous).Describe(), value.Wait().Describe(), "Samples through Irecv<T>/Isend(value)");

        var buffer = new Spectrum[2];
        var receive = comm.Irecv(buffer, comm.Previous, 10);
        var outgoing = new[] { Spectrum.Of(ctx.Rank), Spectrum.Of(-ctx.Rank) };
        var sendArray = comm.Isend(outgoing, comm.Next, 10);
        Request.WaitAll(receive, sendArray);
        ctx.Equal(Spectrum.Of(-comm.Previous), buffer[1], "Spectrum array through Irecv/Isend");
    }

    private static void Collectives(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var root = comm.Size - 1;
        var fromRoot = comm.Bcast(ctx.Rank == root ? Body.Of(42) : default, root);
        ctx.Equal(Body.Of(42), fromRoot, "Bcast of a Body");

        var gathered = comm.Gather(Padded.Of(ctx.Rank), root: 0);
        if (ctx.Rank == 0)
        {
            for (var r = 0; r < comm.Size; r++)
            {
                ctx.Equal(Padded.Of(r), gathered![r], $"Gather element {r}");
            }
        }

        var table = new Cell[comm.Size];
        for (var r = 0; r < comm.Size; r++)
        {
            table[r] = new Cell(r, r * r);
        }

        var mine = comm.Scatter<Cell>(ctx.Rank == 0 ? table : [], root: 0);
        ctx.Equal(new Cell(ctx.Rank, ctx.Rank * ctx.Rank), mine, "Scatter of Cells");

        var everyone = comm.Allgather(Explicit.Of(ctx.Rank));
        for (var r = 0; r < comm.Size; r++)
        {
            ctx.Equal(Explicit.Of(r), everyone[r], $"Allgather element {r}");
        }
    }

    private static void Alltoall(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var send = new Cell[comm.Size];
        for (var r = 0; r < comm.Size; r++)
        {
            send[r] = new Cell(ctx.Rank, r); // block r goes to rank r
        }

        var receive = new Cell[comm.Size];
        comm.Alltoall<Cell>(send, receive);
        for (var r = 0; r < comm.Size; r++)
        {
            ctx.Equal(new Cell(r, ctx.Rank), receive[r], $"block from rank {r}");
        }
    }

    private static void AllreduceFieldwise(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var mine = Samples.Of(ctx.Rank);
        var sum = comm.Allreduce(mine, MpiOp.Sum);
        var max = comm.Allreduce(mine, MpiOp.Max);
        var min = comm.Allreduce(mine, MpiOp.Min);
        var expectedSum = new Samples();
        for (var r = 0; r < comm.Size; r++)
        {
            var s = Samples.Of(r);
            expectedSum.Total += s.Total;
            for (var i = 0; i < 5; i++)
            {
                unsafe
                {
                    expectedSum.Counts[i] += s.Counts[i];
                }
            }

            for (var i = 0; i < 4; i++)
            {
                expectedSum.Weights[i] += s.Weights[i];
            }
        }

        ctx.Equal(expectedSum.Describe(), sum.Describe(), "field-wise Sum of Samples (fixed buffer and inline array elements)");
        ctx.Equal(Samples.Of(comm.Size - 1).Describe(), max.Describe(), "field-wise Max");
        ctx.Equal(Samples.Of(0).Describe(), min.Describe(), "field-wise Min");

        var position = comm.Allreduce(Vec3d.Of(ctx.Rank + 1), MpiOp.Prod);
        var product = 1.0;
        for (var r = 1; r <= comm.Size; r++)
        {
            product *= r;
        }

        ctx.Equal(product, position.X, "Prod of X");
        ctx.Equal(product * Math.Pow(2, comm.Size), position.Y, "Prod of Y");
    }

    private static void ReduceAndScan(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var send = new[] { Vec3d.Of(ctx.Rank), Vec3d.Of(1) };
        var receive = new Vec3d[2];
        comm.Reduce<Vec3d>(send, receive, MpiOp.Sum, root: 0);
        var triangle = comm.Size * (comm.Size - 1) / 2;
        if (ctx.Rank == 0)
        {
            ctx.Equal(Vec3d.Of(triangle), receive[0], "Reduce Sum of the first element");
            ctx.Equal(Vec3d.Of(comm.Size), receive[1], "Reduce Sum of the second element");
        }

        var prefix = comm.Scan(Vec3d.Of(ctx.Rank), MpiOp.Sum);
        ctx.Equal(Vec3d.Of(ctx.Rank * (ctx.Rank + 1) / 2), prefix, "inclusive Scan Sum");
        var exclusive = comm.Exscan(Vec3d.Of(ctx.Rank), MpiOp.Max);
        if (ctx.Rank > 0)
        {
            ctx.Equal(Vec3d.Of(ctx.Rank - 1) with { Z = 0 }, exclusive with { Z = 0 }, "exclusive Scan Max (X and Y)");
            ctx.Equal(0.0, exclusive.Z, "exclusive Scan Max of -rank is -0 = 0");
        }

        var inPlace = new[] { Vec3d.Of(1) };
        comm.Allreduce<Vec3d>(inPlace, MpiOp.Sum);
        ctx.Equal(Vec3d.Of(comm.Size), inPlace[0], "in-place Allreduce");
    }

    private static void SpectrumSum(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var sum = comm.Allreduce(Spectrum.Of(ctx.Rank), MpiOp.Sum);
        var triangle = comm.Size * (comm.Size - 1) / 2;
        ctx.Equal(new Complex(triangle, -triangle), sum.Amplitude, "Complex field summed");
        ctx.Equal((Half)triangle, sum.Gain, "Half field summed");
        ctx.Equal(new Vector3(triangle, triangle + comm.Size, triangle + 2 * comm.Size), sum.Direction, "Vector3 field summed");
        ctx.ThrowsMpi(MpiErrorClass.Op, () => comm.Allreduce(Spectrum.Of(ctx.Rank), MpiOp.Max), "Max is undefined for a Complex field");
        ctx.AllAlive("after the refused Max");
    }

    private static void SumUndefined(ScenarioContext ctx)
    {
        var error = ctx.ThrowsMpi(MpiErrorClass.Op, () => ctx.Comm.Allreduce(Body.Of(ctx.Rank), MpiOp.Sum), "Sum of a struct with enum/bool/char fields");
        ctx.True(error.Message.Contains("Body", StringComparison.Ordinal), "the message names the type");
        ctx.ThrowsMpi(MpiErrorClass.Op, () => ctx.Comm.Allreduce(Vec3d.Of(1), MpiOp.BitwiseAnd), "a bitwise op on a message type");
        ctx.AllAlive("after the refused reductions");
    }

    private static void Unregistered(ScenarioContext ctx)
    {
        var error = ctx.ThrowsMpi(MpiErrorClass.Type, () => ctx.Comm.Send(new NotAMessage(), ctx.Comm.Next, 11), "a struct without [MpiMessage]");
        ctx.True(error.Message.Contains("[MpiMessage]", StringComparison.Ordinal), "the message says how to fix it");
    }
}
