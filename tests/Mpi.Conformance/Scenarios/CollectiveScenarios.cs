using System.Diagnostics;
using System.Numerics;

namespace TypedMpi.Conformance.Scenarios;

/// <summary>
/// Blocking and nonblocking collectives. Every expected value is computed from the rank count with a local
/// reference fold, chosen so that floating-point results are exact whatever order the library combines in.
/// </summary>
public static class CollectiveScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("coll.barrier", Barrier),
        new("coll.bcast-value", BcastValue),
        new("coll.bcast-span", BcastSpan),
        new("coll.bcast-large-array", BcastLargeArray),
        new("coll.reduce-value", ReduceValue),
        new("coll.reduce-span", ReduceSpan),
        new("coll.reduce-in-place", ReduceInPlace),
        .. Arithmetic<int>("int"),
        .. Arithmetic<long>("long"),
        .. Arithmetic<double>("double"),
        .. Arithmetic<float>("float"),
        new("coll.allreduce-logical-bool", LogicalBool),
        new("coll.allreduce-logical-int", LogicalInt),
        new("coll.allreduce-bitwise-uint", Bitwise<uint>),
        new("coll.allreduce-bitwise-ulong", Bitwise<ulong>),
        new("coll.minloc-maxloc-double", MinMaxLoc<double>),
        new("coll.minloc-maxloc-int", MinMaxLoc<int>),
        new("coll.minloc-maxloc-float", MinMaxLoc<float>),
        new("coll.minloc-maxloc-long", MinMaxLoc<long>),
        new("coll.minloc-maxloc-short", MinMaxLoc<short>),
        new("coll.allreduce-half", HalfReductions),
        new("coll.allreduce-complex", ComplexReductions),
        new("coll.scan", Scan),
        new("coll.exscan", Exscan),
        new("coll.gather", Gather),
        new("coll.gatherv", Gatherv),
        new("coll.scatter", Scatter),
        new("coll.scatterv", Scatterv),
        new("coll.allgather", Allgather),
        new("coll.allgatherv", Allgatherv),
        new("coll.alltoall", Alltoall),
        new("coll.alltoallv", Alltoallv),
        new("coll.reduce-scatter-block", ReduceScatterBlock),
        new("coll.ibarrier", Ibarrier),
        new("coll.ibcast", Ibcast),
        new("coll.ireduce", Ireduce),
        new("coll.iallreduce", Iallreduce),
        new("coll.iallgather", Iallgather),
        new("coll.igather", Igather),
        new("coll.iscatter", Iscatter),
        new("coll.ialltoall", Ialltoall),
        new("coll.nonblocking-overlap", NonblockingOverlap),
        new("coll.nonblocking-run-ahead", NonblockingRunAhead),
    ];

    /// <summary>The ranks 0..Size-1, for reference folds.</summary>
    private static IEnumerable<int> Ranks(ScenarioContext ctx) => Enumerable.Range(0, ctx.Size);

    /// <summary>
    /// Rank 0 arrives 200 ms late; nobody may leave the barrier before it arrives. Measured on each rank's own
    /// clock from the end of an earlier barrier (which ranks leave at slightly different times), so only a
    /// generous lower bound is checked.
    /// </summary>
    private static void Barrier(ScenarioContext ctx)
    {
        ctx.Comm.Barrier();
        var clock = Stopwatch.StartNew();
        if (ctx.Rank == 0)
        {
            Thread.Sleep(200);
        }

        ctx.Comm.Barrier();
        ctx.True(clock.ElapsedMilliseconds >= 100, $"waited for the late rank, {clock.ElapsedMilliseconds} ms");
        ctx.Comm.Barrier();
        ctx.Comm.Barrier();
    }

    private static void BcastValue(ScenarioContext ctx)
    {
        for (var root = 0; root < ctx.Size; root++)
        {
            var value = ctx.Comm.Bcast(ctx.Rank == root ? 1000 + root : -1, root);
            ctx.Equal(1000 + root, value, $"Bcast(int) from root {root}");
            var pair = ctx.Comm.Bcast(ctx.Rank == root ? new ValueIndex<double>(root + 0.5, root) : default, root);
            ctx.Equal(new ValueIndex<double>(root + 0.5, root), pair, $"Bcast(ValueIndex<double>) from root {root}");
        }
    }

    private static void BcastSpan(ScenarioContext ctx)
    {
        for (var root = 0; root < ctx.Size; root++)
        {
            var expected = Enumerable.Range(0, 17).Select(i => root * 100.0 + i).ToArray();
            var buffer = ctx.Rank == root ? expected.ToArray() : new double[17];
            ctx.Comm.Bcast<double>(buffer, root);
            ctx.SequenceEqual(expected, buffer, $"Bcast(span) from root {root}");

            // A slice: only it is overwritten.
            var chars = ctx.Rank == root ? "xabcx".ToCharArray() : "-----".ToCharArray();
            ctx.Comm.Bcast(chars.AsSpan(1, 3), root);
            ctx.Equal(ctx.Rank == root ? "xabcx" : "-abc-", new string(chars), $"Bcast(slice) from root {root}");
        }
    }

    private static void BcastLargeArray(ScenarioContext ctx)
    {
        const int Length = 3_000_001; // ~24 MB: past every eager and pipelining threshold
        var root = ctx.Size - 1;
        var data = new long[Length];
        if (ctx.Rank == root)
        {
            for (var i = 0; i < Length; i++)
            {
                data[i] = i * 3L - 7;
            }
        }

        ctx.Comm.Bcast<long>(data, root);
        var wrong = 0;
        for (var i = 0; i < Length; i++)
        {
            wrong += data[i] == i * 3L - 7 ? 0 : 1;
        }

        ctx.Equal(0, wrong, "elements different from the root's");
    }

    private static void ReduceValue(ScenarioContext ctx)
    {
        var n = ctx.Size;
        for (var root = 0; root < n; root++)
        {
            var sum = ctx.Comm.Reduce(ctx.Rank + 1, MpiOp.Sum, root);
            ctx.Equal(ctx.Rank == root ? n * (n + 1) / 2 : 0, sum, $"Reduce(Sum) to root {root} (default elsewhere)");
            var max = ctx.Comm.Reduce(ctx.Rank * 1.5, MpiOp.Max, root);
            ctx.Equal(ctx.Rank == root ? (n - 1) * 1.5 : 0, max, $"Reduce(Max) to root {root}");
        }
    }

    private static void ReduceSpan(ScenarioContext ctx)
    {
        var n = ctx.Size;
        for (var root = 0; root < n; root++)
        {
            var send = Enumerable.Range(0, 5).Select(i => ctx.Rank * 10 + i).ToArray();
            var receive = ctx.Rank == root ? Enumerable.Repeat(-1, 6).ToArray() : [];
            ctx.Comm.Reduce<int>(send, receive, MpiOp.Sum, root);
            if (ctx.Rank == root)
            {
                var expected = Enumerable.Range(0, 5).Select(i => 10 * n * (n - 1) / 2 + n * i).Append(-1).ToArray();
                ctx.SequenceEqual(expected, receive, $"Reduce(span) at root {root}, the extra element untouched");
            }

            ctx.SequenceEqual(Enumerable.Range(0, 5).Select(i => ctx.Rank * 10 + i).ToArray(), send, "the send buffer is unchanged");
        }
    }

    private static void ReduceInPlace(ScenarioContext ctx)
    {
        var n = ctx.Size;
        for (var root = 0; root < n; root++)
        {
            long[] data = [ctx.Rank, -ctx.Rank, 1L << ctx.Rank];
            ctx.Comm.Reduce<long>(data, MpiOp.Sum, root);
            long[] contribution = [ctx.Rank, -ctx.Rank, 1L << ctx.Rank];
            long[] result = [n * (n - 1) / 2, -n * (n - 1) / 2, (1L << n) - 1];
            ctx.SequenceEqual(ctx.Rank == root ? result : contribution, data, $"in-place Reduce with root {root}");
        }
    }

    /// <summary>Sum, Prod, Min and Max on one numeric type: Allreduce of a value, of spans and in place.</summary>
    private static Scenario[] Arithmetic<T>(string type) where T : unmanaged, INumber<T> =>
    [
        ArithmeticCase<T>($"coll.allreduce-sum-{type}", MpiOp.Sum, (a, b) => a + b, x => T.CreateChecked(x + 1)),
        ArithmeticCase<T>($"coll.allreduce-prod-{type}", MpiOp.Prod, (a, b) => a * b, x => T.CreateChecked(x % 5 + 1)),
        ArithmeticCase<T>($"coll.allreduce-min-{type}", MpiOp.Min, T.Min, x => T.CreateChecked(x * 5 % 7 - 3)),
        ArithmeticCase<T>($"coll.allreduce-max-{type}", MpiOp.Max, T.Max, x => T.CreateChecked(x * 5 % 7 - 3)),
    ];

    /// <summary>Rank r contributes value(r + i) at element i; small integers keep every float result exact.</summary>
    private static Scenario ArithmeticCase<T>(string name, MpiOp op, Func<T, T, T> fold, Func<int, T> value) where T : unmanaged, INumber<T> =>
        new(name, ctx =>
        {
            const int Length = 3;
            T Expected(int i) => Ranks(ctx).Select(r => value(r + i)).Aggregate(fold);

            ctx.Equal(Expected(0), ctx.Comm.Allreduce(value(ctx.Rank), op), "Allreduce(value)");

            var send = Enumerable.Range(0, Length).Select(i => value(ctx.Rank + i)).ToArray();
            var receive = Enumerable.Repeat(T.CreateChecked(-99), Length + 1).ToArray();
            ctx.Comm.Allreduce<T>(send, receive, op);
            var expected = Enumerable.Range(0, Length).Select(Expected).ToArray();
            ctx.SequenceEqual([.. expected, T.CreateChecked(-99)], receive, "Allreduce(spans), the extra element untouched");

            ctx.Comm.Allreduce<T>(send, op);
            ctx.SequenceEqual(expected, send, "Allreduce in place");
        });

    private static void LogicalBool(ScenarioContext ctx)
    {
        Func<int, bool>[] patterns = [r => r % 2 == 0, _ => true, _ => false, r => r % 3 == 1];
        (MpiOp Op, Func<bool, bool, bool> Fold)[] ops = [(MpiOp.LogicalAnd, (a, b) => a && b), (MpiOp.LogicalOr, (a, b) => a || b), (MpiOp.LogicalXor, (a, b) => a ^ b)];
        foreach (var (op, fold) in ops)
        {
            var send = patterns.Select(p => p(ctx.Rank)).ToArray();
            var expected = patterns.Select(p => Ranks(ctx).Select(p).Aggregate(fold)).ToArray();
            for (var k = 0; k < patterns.Length; k++)
            {
                ctx.Equal(expected[k], ctx.Comm.Allreduce(send[k], op), $"Allreduce(bool, {op}) pattern {k}");
            }

            var receive = new bool[patterns.Length];
            ctx.Comm.Allreduce<bool>(send, receive, op);
            ctx.SequenceEqual(expected, receive, $"Allreduce(bool[], {op})");
        }
    }

    /// <summary>Logical ops on int: contributions are 0 or 1 (with one rank the library returns the contribution unchanged).</summary>
    private static void LogicalInt(ScenarioContext ctx)
    {
        Func<int, int>[] patterns = [r => r % 2, _ => 1, _ => 0, r => r % 3 == 1 ? 1 : 0];
        (MpiOp Op, Func<bool, bool, bool> Fold)[] ops = [(MpiOp.LogicalAnd, (a, b) => a && b), (MpiOp.LogicalOr, (a, b) => a || b), (MpiOp.LogicalXor, (a, b) => a ^ b)];
        foreach (var (op, fold) in ops)
        {
            var send = patterns.Select(p => p(ctx.Rank)).ToArray();
            var expected = patterns.Select(p => Ranks(ctx).Select(r => p(r) != 0).Aggregate(fold) ? 1 : 0).ToArray();
            var receive = new int[patterns.Length];
            ctx.Comm.Allreduce<int>(send, receive, op);
            ctx.SequenceEqual(expected, receive, $"Allreduce(int[], {op})");
            ctx.Equal(expected[0], ctx.Comm.Allreduce(send[0], op), $"Allreduce(int, {op})");
        }
    }

    private static void Bitwise<T>(ScenarioContext ctx) where T : unmanaged, IBinaryInteger<T>
    {
        // Each rank owns a bit; all share a high bit; the complement pattern clears the own bit.
        Func<int, T>[] patterns = [r => (T.One << r) | (T.One << 20), r => ~(T.One << r), r => T.CreateTruncating(0x0F0F_0F0F_0F0F_0F0FUL) ^ T.CreateTruncating((ulong)r * 0x0101)];
        (MpiOp Op, Func<T, T, T> Fold)[] ops = [(MpiOp.BitwiseAnd, (a, b) => a & b), (MpiOp.BitwiseOr, (a, b) => a | b), (MpiOp.BitwiseXor, (a, b) => a ^ b)];
        foreach (var (op, fold) in ops)
        {
            var send = patterns.Select(p => p(ctx.Rank)).ToArray();
            var expected = patterns.Select(p => Ranks(ctx).Select(p).Aggregate(fold)).ToArray();
            var receive = new T[patterns.Length];
            ctx.Comm.Allreduce<T>(send, receive, op);
            ctx.SequenceEqual(expected, receive, $"Allreduce({typeof(T).Name}[], {op})");
            ctx.Equal(expected[1], ctx.Comm.Allreduce(send[1], op), $"Allreduce({typeof(T).Name}, {op})");
        }
    }

    /// <summary>MinLoc/MaxLoc with ties: the smallest index holding the extreme wins.</summary>
    private static void MinMaxLoc<T>(ScenarioContext ctx) where T : unmanaged, INumber<T>
    {
        Func<int, T>[] patterns = [r => T.CreateChecked(Math.Abs(r - 1)), r => T.CreateChecked(-Math.Abs(r - 2)), _ => T.CreateChecked(7)];
        static ValueIndex<T> Min(ValueIndex<T> a, ValueIndex<T> b) => a.Value < b.Value || (a.Value == b.Value && a.Index < b.Index) ? a : b;
        static ValueIndex<T> Max(ValueIndex<T> a, ValueIndex<T> b) => a.Value > b.Value || (a.Value == b.Value && a.Index < b.Index) ? a : b;
        (MpiOp Op, Func<ValueIndex<T>, ValueIndex<T>, ValueIndex<T>> Fold)[] ops = [(MpiOp.MinLoc, Min), (MpiOp.MaxLoc, Max)];
        foreach (var (op, fold) in ops)
        {
            var send = patterns.Select(p => new ValueIndex<T>(p(ctx.Rank), ctx.Rank)).ToArray();
            var expected = patterns.Select(p => Ranks(ctx).Select(r => new ValueIndex<T>(p(r), r)).Aggregate(fold)).ToArray();
            for (var k = 0; k < patterns.Length; k++)
            {
                ctx.Equal(expected[k], ctx.Comm.Allreduce(send[k], op), $"Allreduce(ValueIndex<{typeof(T).Name}>, {op}) pattern {k}");
            }

            var receive = new ValueIndex<T>[patterns.Length];
            ctx.Comm.Allreduce<ValueIndex<T>>(send, receive, op);
            ctx.SequenceEqual(expected, receive, $"Allreduce(ValueIndex<{typeof(T).Name}>[], {op})");
        }
    }

    /// <summary>Half has no MPI type: TypedMpi's own kernels reduce it. Halves of small integers are exact.</summary>
    private static void HalfReductions(ScenarioContext ctx)
    {
        var n = ctx.Size;
        var mine = (Half)(ctx.Rank + 0.5f);
        ctx.Equal((Half)(n * n / 2f), ctx.Comm.Allreduce(mine, MpiOp.Sum), "Half Sum of r + 0.5");
        ctx.Equal((Half)(n - 0.5f), ctx.Comm.Allreduce(mine, MpiOp.Max), "Half Max");
        ctx.Equal((Half)0.5f, ctx.Comm.Allreduce(mine, MpiOp.Min), "Half Min");
        ctx.Equal((Half)Ranks(ctx).Aggregate(1f, (p, r) => p * (r + 1)), ctx.Comm.Allreduce((Half)(ctx.Rank + 1), MpiOp.Prod), "Half Prod of r + 1");

        Half[] send = [mine, (Half)(-ctx.Rank), (Half)0.25f];
        var receive = new Half[3];
        ctx.Comm.Allreduce<Half>(send, receive, MpiOp.Sum);
        ctx.SequenceEqual([(Half)(n * n / 2f), (Half)(-n * (n - 1) / 2f), (Half)(n * 0.25f)], receive, "Half Sum of spans");
        ctx.Comm.Allreduce<Half>(send, MpiOp.Max);
        ctx.SequenceEqual([(Half)(n - 0.5f), (Half)0f, (Half)0.25f], send, "Half Max in place");
        var reduced = ctx.Comm.Reduce((Half)ctx.Rank, MpiOp.Sum, root: 0);
        ctx.Equal(ctx.Rank == 0 ? (Half)(n * (n - 1) / 2f) : default, reduced, "Half Reduce(Sum): the sum at the root, default elsewhere");
    }

    /// <summary>Complex numbers with small integer parts: sums and products are exact.</summary>
    private static void ComplexReductions(ScenarioContext ctx)
    {
        static Complex Of(int r) => new(r + 1, r % 2 == 0 ? r : -r);
        var sum = Ranks(ctx).Select(Of).Aggregate((a, b) => a + b);
        var product = Ranks(ctx).Select(Of).Aggregate((a, b) => a * b);
        ctx.Equal(sum, ctx.Comm.Allreduce(Of(ctx.Rank), MpiOp.Sum), "Complex Sum");
        ctx.Equal(product, ctx.Comm.Allreduce(Of(ctx.Rank), MpiOp.Prod), "Complex Prod");

        Complex[] send = [Of(ctx.Rank), Complex.ImaginaryOne];
        var receive = new Complex[2];
        ctx.Comm.Allreduce<Complex>(send, receive, MpiOp.Prod);
        ctx.SequenceEqual([product, Ranks(ctx).Aggregate(Complex.One, (p, _) => p * Complex.ImaginaryOne)], receive, "Complex Prod of spans");
    }

    private static void Scan(ScenarioContext ctx)
    {
        var r = ctx.Rank;
        ctx.Equal((r + 1) * (r + 2) / 2, ctx.Comm.Scan(r + 1, MpiOp.Sum), "Scan(Sum) of r + 1");
        ctx.Equal((double)r, ctx.Comm.Scan((double)r, MpiOp.Max), "Scan(Max)");

        int[] send = [1, r, r * r];
        var receive = new int[3];
        ctx.Comm.Scan<int>(send, receive, MpiOp.Sum);
        int[] expected = [r + 1, r * (r + 1) / 2, r * (r + 1) * (2 * r + 1) / 6];
        ctx.SequenceEqual(expected, receive, "Scan(spans)");
        ctx.Comm.Scan<int>(send, MpiOp.Sum);
        ctx.SequenceEqual(expected, send, "Scan in place");
    }

    private static void Exscan(ScenarioContext ctx)
    {
        var r = ctx.Rank;
        ctx.Equal(r * (r + 1) / 2, ctx.Comm.Exscan(r + 1, MpiOp.Sum), "Exscan(Sum) of r + 1 (rank 0 gets default)");
        ctx.Equal(r == 0 ? 0L : 1L << (r - 1), ctx.Comm.Exscan(1L << r, MpiOp.Max), "Exscan(Max)");

        long[] send = [1, r];
        long[] receive = [-5, -5];
        ctx.Comm.Exscan<long>(send, receive, MpiOp.Sum);
        long[] expected = r == 0 ? [-5, -5] : [r, r * (r - 1) / 2];
        ctx.SequenceEqual(expected, receive, "Exscan(spans); rank 0's buffer left as it was");

        long[] data = [1, r];
        ctx.Comm.Exscan<long>(data, MpiOp.Sum);
        ctx.SequenceEqual(r == 0 ? [1, 0] : expected, data, "Exscan in place; rank 0's data left as it was");
    }

    private static void Gather(ScenarioContext ctx)
    {
        var n = ctx.Size;
        for (var root = 0; root < n; root++)
        {
            var values = ctx.Comm.Gather(ctx.Rank * 2, root);
            if (ctx.Rank == root)
            {
                ctx.SequenceEqual(Enumerable.Range(0, n).Select(r => r * 2).ToArray(), values, $"Gather(value) at root {root}");
            }
            else
            {
                ctx.True(values is null, "Gather returns null away from the root");
            }

            short[] block = [(short)ctx.Rank, (short)-ctx.Rank, 9];
            var receive = ctx.Rank == root ? new short[3 * n + 1] : [];
            ctx.Comm.Gather<short>(block, receive, root);
            if (ctx.Rank == root)
            {
                var expected = Ranks(ctx).SelectMany(r => new[] { (short)r, (short)-r, (short)9 }).Append((short)0).ToArray();
                ctx.SequenceEqual(expected, receive, $"Gather(span) at root {root}");
            }
        }
    }

    /// <summary>Rank r sends r + 1 elements; packed, and spread out with gaps that must stay untouched.</summary>
    private static void Gatherv(ScenarioContext ctx)
    {
        var n = ctx.Size;
        var counts = Ranks(ctx).Select(r => r + 1).ToArray();
        var send = Enumerable.Range(0, ctx.Rank + 1).Select(i => ctx.Rank * 100 + i).ToArray();
        var packed = Ranks(ctx).SelectMany(r => Enumerable.Range(0, r + 1).Select(i => r * 100 + i)).ToArray();
        for (var root = 0; root < n; root++)
        {
            var receive = ctx.Rank == root ? new int[packed.Length] : [];
            ctx.Comm.Gatherv<int>(send, receive, counts, root);
            if (ctx.Rank == root)
            {
                ctx.SequenceEqual(packed, receive, $"Gatherv packed at root {root}");
            }

            // Blocks at r * (n + 2), in a buffer of sentinels.
            var displacements = Ranks(ctx).Select(r => r * (n + 2)).ToArray();
            var spread = ctx.Rank == root ? Enumerable.Repeat(-1, n * (n + 2)).ToArray() : [];
            ctx.Comm.Gatherv<int>(send, spread, counts, displacements, root);
            if (ctx.Rank == root)
            {
                var expected = Enumerable.Repeat(-1, n * (n + 2)).ToArray();
                for (var r = 0; r < n; r++)
                {
                    for (var i = 0; i <= r; i++)
                    {
                        expected[r * (n + 2) + i] = r * 100 + i;
                    }
                }

                ctx.SequenceEqual(expected, spread, $"Gatherv with displacements at root {root}");
            }

            // Counts and displacements matter at the root only: the other ranks may pass none.
            // Here the blocks land in reverse rank order.
            var atRoot = ctx.Rank == root;
            var again = atRoot ? new int[packed.Length] : [];
            var packedDisplacements = Prefix(counts);
            var reverseDisplacements = Ranks(ctx).Select(r => packed.Length - packedDisplacements[r] - counts[r]).ToArray();
            ctx.Comm.Gatherv<int>(send, again, atRoot ? counts : [], atRoot ? reverseDisplacements : [], root);
            if (atRoot)
            {
                var reversed = Ranks(ctx).Reverse().SelectMany(r => Enumerable.Range(0, r + 1).Select(i => r * 100 + i)).ToArray();
                ctx.SequenceEqual(reversed, again, $"Gatherv in reverse block order at root {root}, no counts elsewhere");
            }
        }
    }

    private static void Scatter(ScenarioContext ctx)
    {
        var n = ctx.Size;
        for (var root = 0; root < n; root++)
        {
            var values = ctx.Rank == root ? Ranks(ctx).Select(r => r * 3.0 + root).ToArray() : [];
            ctx.Equal(ctx.Rank * 3.0 + root, ctx.Comm.Scatter<double>(values, root), $"Scatter(value) from root {root}");

            var blocks = ctx.Rank == root ? Ranks(ctx).SelectMany(r => new[] { r, r + 1 }).ToArray() : [];
            var mine = new int[2];
            ctx.Comm.Scatter<int>(blocks, mine, root);
            ctx.SequenceEqual([ctx.Rank, ctx.Rank + 1], mine, $"Scatter(span) from root {root}");
        }
    }

    private static void Scatterv(ScenarioContext ctx)
    {
        var n = ctx.Size;
        var counts = Ranks(ctx).Select(r => n - r).ToArray();
        for (var root = 0; root < n; root++)
        {
            var packed = ctx.Rank == root ? Ranks(ctx).SelectMany(r => Enumerable.Repeat((byte)(r + root), n - r)).ToArray() : [];
            var receive = new byte[n + 1];
            ctx.Comm.Scatterv<byte>(packed, counts, receive, root);
            ctx.SequenceEqual([.. Enumerable.Repeat((byte)(ctx.Rank + root), n - ctx.Rank), .. new byte[ctx.Rank + 1]], receive, $"Scatterv packed from root {root}");

            // Blocks taken in reverse order from the root's buffer: rank r's block starts at (n - 1 - r) * n.
            var displacements = Ranks(ctx).Select(r => (n - 1 - r) * n).ToArray();
            var spread = new byte[n * n];
            if (ctx.Rank == root)
            {
                for (var r = 0; r < n; r++)
                {
                    spread.AsSpan(displacements[r], counts[r]).Fill((byte)(r * 2 + 1));
                }
            }

            var block = new byte[n - ctx.Rank];
            ctx.Comm.Scatterv<byte>(spread, counts, displacements, block, root);
            ctx.True(block.All(b => b == ctx.Rank * 2 + 1), $"Scatterv with displacements from root {root}");

            // Away from the root, send buffer, counts and displacements may all be empty.
            var atRoot = ctx.Rank == root;
            Array.Clear(block);
            ctx.Comm.Scatterv<byte>(atRoot ? spread : [], atRoot ? counts : [], atRoot ? displacements : [], block, root);
            ctx.True(block.All(b => b == ctx.Rank * 2 + 1), $"Scatterv from root {root} with no counts elsewhere");
        }
    }

    private static void Allgather(ScenarioContext ctx)
    {
        var n = ctx.Size;
        ctx.SequenceEqual(Ranks(ctx).Select(r => r * 7L).ToArray(), ctx.Comm.Allgather(ctx.Rank * 7L), "Allgather(value)");

        float[] block = [ctx.Rank, ctx.Rank + 0.5f];
        var receive = new float[2 * n];
        ctx.Comm.Allgather<float>(block, receive);
        ctx.SequenceEqual(Ranks(ctx).SelectMany(r => new[] { r, r + 0.5f }).ToArray(), receive, "Allgather(span)");

        // In place: this rank's block is already at Rank × 3.
        var buffer = new int[3 * n];
        buffer.AsSpan(3 * ctx.Rank, 3).Fill(ctx.Rank + 1);
        ctx.Comm.Allgather<int>(buffer);
        ctx.SequenceEqual(Ranks(ctx).SelectMany(r => Enumerable.Repeat(r + 1, 3)).ToArray(), buffer, "Allgather in place");
    }

    private static void Allgatherv(ScenarioContext ctx)
    {
        var n = ctx.Size;
        var counts = Ranks(ctx).Select(r => r % 3).ToArray(); // some ranks send nothing
        var send = Enumerable.Repeat((ushort)(ctx.Rank + 1), counts[ctx.Rank]).ToArray();
        var receive = new ushort[counts.Sum()];
        ctx.Comm.Allgatherv<ushort>(send, receive, counts);
        ctx.SequenceEqual(Ranks(ctx).SelectMany(r => Enumerable.Repeat((ushort)(r + 1), r % 3)).ToArray(), receive, "Allgatherv packed");

        // Reverse order with a gap of one before each block.
        var displacements = new int[n];
        for (int r = n - 1, offset = 1; r >= 0; offset += counts[r] + 1, r--)
        {
            displacements[r] = offset;
        }

        var spread = new ushort[counts.Sum() + n + 1];
        ctx.Comm.Allgatherv<ushort>(send, spread, counts, displacements);
        var expected = new ushort[spread.Length];
        for (var r = 0; r < n; r++)
        {
            expected.AsSpan(displacements[r], counts[r]).Fill((ushort)(r + 1));
        }

        ctx.SequenceEqual(expected, spread, "Allgatherv with displacements");
    }

    private static void Alltoall(ScenarioContext ctx)
    {
        var n = ctx.Size;
        // Element k of the block for peer p: rank × 100 + p × 10 + k.
        var send = Ranks(ctx).SelectMany(p => new[] { ctx.Rank * 100 + p * 10, ctx.Rank * 100 + p * 10 + 1 }).ToArray();
        var receive = new int[2 * n];
        ctx.Comm.Alltoall<int>(send, receive);
        ctx.SequenceEqual(Ranks(ctx).SelectMany(q => new[] { q * 100 + ctx.Rank * 10, q * 100 + ctx.Rank * 10 + 1 }).ToArray(), receive, "Alltoall");
    }

    /// <summary>Rank r sends r + p + 1 elements to rank p, so rank r receives q + r + 1 from rank q.</summary>
    private static void Alltoallv(ScenarioContext ctx)
    {
        var n = ctx.Size;
        var me = ctx.Rank;
        var sendCounts = Ranks(ctx).Select(p => me + p + 1).ToArray();
        var receiveCounts = Ranks(ctx).Select(q => q + me + 1).ToArray();
        var sendDisplacements = Prefix(sendCounts);
        var send = Ranks(ctx).SelectMany(p => Enumerable.Range(0, me + p + 1).Select(k => me * 1000 + p * 10 + k)).ToArray();
        // Received blocks land in reverse rank order.
        var receiveDisplacements = new int[n];
        for (int q = n - 1, offset = 0; q >= 0; offset += receiveCounts[q], q--)
        {
            receiveDisplacements[q] = offset;
        }

        var receive = new int[receiveCounts.Sum()];
        ctx.Comm.Alltoallv<int>(send, sendCounts, sendDisplacements, receive, receiveCounts, receiveDisplacements);
        for (var q = 0; q < n; q++)
        {
            var expected = Enumerable.Range(0, q + me + 1).Select(k => q * 1000 + me * 10 + k).ToArray();
            ctx.SequenceEqual(expected, receive.AsSpan(receiveDisplacements[q], receiveCounts[q]), $"the block from rank {q}");
        }
    }

    private static void ReduceScatterBlock(ScenarioContext ctx)
    {
        var n = ctx.Size;
        const int Block = 3;
        // Element j of the block for rank p: rank + p × 10 + j.
        var send = Ranks(ctx).SelectMany(p => Enumerable.Range(0, Block).Select(j => (double)(ctx.Rank + p * 10 + j))).ToArray();
        var receive = new double[Block];
        ctx.Comm.ReduceScatterBlock<double>(send, receive, MpiOp.Sum);
        var expected = Enumerable.Range(0, Block).Select(j => n * (n - 1) / 2.0 + n * (ctx.Rank * 10 + j)).ToArray();
        ctx.SequenceEqual(expected, receive, "ReduceScatterBlock(Sum)");
        ctx.Comm.ReduceScatterBlock<double>(send, receive, MpiOp.Max);
        ctx.SequenceEqual(Enumerable.Range(0, Block).Select(j => (double)(n - 1 + ctx.Rank * 10 + j)).ToArray(), receive, "ReduceScatterBlock(Max)");
    }

    private static void Ibarrier(ScenarioContext ctx)
    {
        ctx.Comm.Barrier();
        var clock = Stopwatch.StartNew();
        if (ctx.Rank == 0)
        {
            Thread.Sleep(200);
        }

        var request = ctx.Comm.Ibarrier();
        while (!request.Test())
        {
            Thread.Yield();
        }

        ctx.True(clock.ElapsedMilliseconds >= 100, $"Ibarrier waited for the late rank, {clock.ElapsedMilliseconds} ms");
        ctx.Comm.Ibarrier().Wait();
    }

    private static void Ibcast(ScenarioContext ctx)
    {
        for (var root = 0; root < ctx.Size; root++)
        {
            var buffer = ctx.Rank == root ? Enumerable.Range(root, 100).ToArray() : new int[100];
            ctx.Comm.Ibcast(buffer, root).Wait();
            ctx.SequenceEqual(Enumerable.Range(root, 100).ToArray(), buffer, $"Ibcast from root {root}");

            var slice = new double[] { -1, ctx.Rank == root ? 2.5 : 0, -1 };
            ctx.Comm.Ibcast(slice.AsMemory(1, 1), root).Wait();
            ctx.SequenceEqual([-1, 2.5, -1], slice, $"Ibcast(Memory) from root {root}");
        }
    }

    private static void Ireduce(ScenarioContext ctx)
    {
        var n = ctx.Size;
        for (var root = 0; root < n; root++)
        {
            long[] send = [ctx.Rank, 1];
            var receive = ctx.Rank == root ? new long[2] : [];
            ctx.Comm.Ireduce(send, receive, MpiOp.Sum, root).Wait();
            if (ctx.Rank == root)
            {
                ctx.SequenceEqual([n * (n - 1) / 2L, n], receive, $"Ireduce(Sum) at root {root}");
            }
        }
    }

    private static void Iallreduce(ScenarioContext ctx)
    {
        var n = ctx.Size;
        var value = ctx.Comm.Iallreduce(ctx.Rank + 0.5, MpiOp.Sum);
        ctx.Equal(n * n / 2.0, value.Wait(), "Iallreduce(value) through ValueRequest.Wait");

        var max = ctx.Comm.Iallreduce(new ValueIndex<int>(ctx.Rank % 2, ctx.Rank), MpiOp.MaxLoc);
        ctx.Equal(new ValueIndex<int>(n > 1 ? 1 : 0, n > 1 ? 1 : 0), max.Wait(), "Iallreduce(ValueIndex<int>, MaxLoc)");

        int[] send = [ctx.Rank, -ctx.Rank, 1];
        var receive = new int[3];
        var request = ctx.Comm.Iallreduce(send, receive, MpiOp.Sum);
        while (!request.Test())
        {
            Thread.Yield();
        }

        ctx.SequenceEqual([n * (n - 1) / 2, -n * (n - 1) / 2, n], receive, "Iallreduce(arrays)");
    }

    private static void Iallgather(ScenarioContext ctx)
    {
        var receive = new byte[2 * ctx.Size];
        ctx.Comm.Iallgather(new[] { (byte)ctx.Rank, (byte)(ctx.Rank * 2) }, receive).Wait();
        ctx.SequenceEqual(Ranks(ctx).SelectMany(r => new[] { (byte)r, (byte)(r * 2) }).ToArray(), receive, "Iallgather");
    }

    private static void Igather(ScenarioContext ctx)
    {
        for (var root = 0; root < ctx.Size; root++)
        {
            var receive = ctx.Rank == root ? new float[ctx.Size] : [];
            ctx.Comm.Igather(new[] { ctx.Rank + 0.5f }, receive, root).Wait();
            if (ctx.Rank == root)
            {
                ctx.SequenceEqual(Ranks(ctx).Select(r => r + 0.5f).ToArray(), receive, $"Igather at root {root}");
            }
        }
    }

    private static void Iscatter(ScenarioContext ctx)
    {
        for (var root = 0; root < ctx.Size; root++)
        {
            var send = ctx.Rank == root ? Ranks(ctx).SelectMany(r => new[] { r * 10L, root }).ToArray() : [];
            var receive = new long[2];
            ctx.Comm.Iscatter(send, receive, root).Wait();
            ctx.SequenceEqual([ctx.Rank * 10L, root], receive, $"Iscatter from root {root}");
        }
    }

    private static void Ialltoall(ScenarioContext ctx)
    {
        var send = Ranks(ctx).Select(p => ctx.Rank * 100 + p).ToArray();
        var receive = new int[ctx.Size];
        ctx.Comm.Ialltoall(send, receive).Wait();
        ctx.SequenceEqual(Ranks(ctx).Select(q => q * 100 + ctx.Rank).ToArray(), receive, "Ialltoall");
    }

    /// <summary>Several nonblocking collectives in flight at once, completed together (started in the same order everywhere).</summary>
    private static void NonblockingOverlap(ScenarioContext ctx)
    {
        var n = ctx.Size;
        var bcast = ctx.Rank == 0 ? new[] { 42, 43 } : new int[2];
        var gathered = new int[n];
        var sum = ctx.Comm.Iallreduce(ctx.Rank, MpiOp.Sum);
        Request[] requests =
        [
            ctx.Comm.Ibcast(bcast, root: 0),
            ctx.Comm.Iallgather(new[] { ctx.Rank * ctx.Rank }, gathered),
            sum,
            ctx.Comm.Ibarrier(),
        ];
        Request.WaitAll(requests);
        ctx.SequenceEqual([42, 43], bcast, "Ibcast");
        ctx.SequenceEqual(Ranks(ctx).Select(r => r * r).ToArray(), gathered, "Iallgather");
        ctx.Equal(n * (n - 1) / 2, sum.Wait(), "Iallreduce");
    }

    /// <summary>
    /// Rank 0 starts five nonblocking collectives while the others are still asleep, so all five are open at once;
    /// the others then start theirs one by one, with a blocking collective right after. Each completes with its own data.
    /// </summary>
    private static void NonblockingRunAhead(ScenarioContext ctx)
    {
        var n = ctx.Size;
        for (var round = 0; round < 3; round++)
        {
            if (ctx.Rank != 0)
            {
                Thread.Sleep(10);
            }

            var first = ctx.Comm.Iallreduce(ctx.Rank + round, MpiOp.Sum);
            var bcast = ctx.Rank == 0 ? new[] { round, -round } : new int[2];
            var broadcast = ctx.Comm.Ibcast(bcast, root: 0);
            var barrier = ctx.Comm.Ibarrier();
            var gathered = new long[n];
            var gather = ctx.Comm.Iallgather(new[] { (long)ctx.Rank * 10 + round }, gathered);
            var last = ctx.Comm.Iallreduce(ctx.Rank * 2, MpiOp.Max);
            if (ctx.Rank != 0)
            {
                Thread.Sleep(1);
            }

            Request.WaitAll([broadcast, barrier, gather]);
            ctx.Equal(n * (n - 1) / 2 + n * round, first.Wait(), $"round {round}: the first Iallreduce");
            ctx.Equal(2 * (n - 1), last.Wait(), $"round {round}: the last Iallreduce");
            ctx.SequenceEqual([round, -round], bcast, $"round {round}: Ibcast");
            ctx.SequenceEqual(Ranks(ctx).Select(r => (long)r * 10 + round).ToArray(), gathered, $"round {round}: Iallgather");
            ctx.Equal(n, ctx.Comm.Allreduce(1, MpiOp.Sum), $"round {round}: a blocking Allreduce after them");
        }
    }

    private static int[] Prefix(int[] counts)
    {
        var result = new int[counts.Length];
        for (var i = 1; i < counts.Length; i++)
        {
            result[i] = result[i - 1] + counts[i - 1];
        }

        return result;
    }
}
