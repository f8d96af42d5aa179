namespace TypedMpi.Conformance.Scenarios;

/// <summary>
/// User-defined reductions (<see cref="IMpiOperation{T}"/>): on message types and on primitives, commutative and
/// not, through every reduction the runtime offers.
/// </summary>
public static class UserOperationScenarios
{
    /// <summary>Interval hull: commutative.</summary>
    private static readonly MpiOp Hull = MpiOp.Create<Interval, IntervalHull>("Hull");

    /// <summary>Composition of affine maps x ↦ a·x + b: associative but not commutative.</summary>
    private static readonly MpiOp Compose = MpiOp.Create<Affine, AffineComposition>("Compose", commutative: false);

    /// <summary>The element of larger magnitude, on a primitive type.</summary>
    private static readonly MpiOp MaxMagnitude = MpiOp.Create<double, LargerMagnitude>("MaxMagnitude");

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("userop.allreduce-commutative-message", AllreduceHull),
        new("userop.reduce-scan-exscan-noncommutative", NonCommutative),
        new("userop.primitive-double", OnPrimitive),
        new("userop.reduce-scatter-block", ReduceScatterBlock),
        new("userop.nonblocking", Nonblocking),
        new("userop.wrong-element-type-refused", WrongElementType),
        new("userop.generated-from-attribute", GeneratedFromAttribute),
    ];

    private static Interval IntervalOf(int rank) => new() { Low = -rank, High = rank * rank };

    private static Affine AffineOf(int rank) => new() { Scale = rank + 2, Shift = rank };

    /// <summary>Composes the maps of ranks <paramref name="first"/>..<paramref name="last"/> in rank order, as MPI does.</summary>
    private static Affine ComposeRange(int first, int last)
    {
        var result = AffineOf(first);
        for (var r = first + 1; r <= last; r++)
        {
            result = AffineComposition.Apply(result, AffineOf(r));
        }

        return result;
    }

    private static void AllreduceHull(ScenarioContext ctx)
    {
        var hull = ctx.Comm.Allreduce(IntervalOf(ctx.Rank), Hull);
        ctx.Equal(new Interval { Low = -(ctx.Size - 1), High = (ctx.Size - 1) * (ctx.Size - 1) }, hull, "hull of every rank's interval");
    }

    private static void NonCommutative(ScenarioContext ctx)
    {
        var comm = ctx.Comm;
        var reduced = comm.Reduce(AffineOf(ctx.Rank), Compose, root: 0);
        if (ctx.Rank == 0)
        {
            ctx.Equal(ComposeRange(0, ctx.Size - 1), reduced, "Reduce composes in rank order");
        }

        var prefix = comm.Scan(AffineOf(ctx.Rank), Compose);
        ctx.Equal(ComposeRange(0, ctx.Rank), prefix, "inclusive Scan composes ranks 0..r");
        var exclusive = comm.Exscan(AffineOf(ctx.Rank), Compose);
        if (ctx.Rank > 0)
        {
            ctx.Equal(ComposeRange(0, ctx.Rank - 1), exclusive, "exclusive Scan composes ranks 0..r-1");
        }

        var all = new[] { AffineOf(ctx.Rank), AffineOf(0) };
        comm.Allreduce<Affine>(all, Compose);
        ctx.Equal(ComposeRange(0, ctx.Size - 1), all[0], "in-place Allreduce, first element");
    }

    private static void OnPrimitive(ScenarioContext ctx)
    {
        var mine = ctx.Rank % 2 == 0 ? ctx.Rank * 1.5 : -ctx.Rank * 2.0;
        var result = ctx.Comm.Allreduce(mine, MaxMagnitude);
        var expected = 0.0;
        for (var r = 0; r < ctx.Size; r++)
        {
            var value = r % 2 == 0 ? r * 1.5 : -r * 2.0;
            expected = LargerMagnitude.Apply(value, expected);
        }

        ctx.Equal(expected, result, "the value of largest magnitude, sign kept");
        ctx.Equal(ctx.Size * (ctx.Size - 1) / 2.0, ctx.Comm.Allreduce((double)ctx.Rank, MpiOp.Sum), "a built-in op on double still works after");
    }

    private static void ReduceScatterBlock(ScenarioContext ctx)
    {
        var send = new Interval[ctx.Size];
        for (var r = 0; r < ctx.Size; r++)
        {
            send[r] = new Interval { Low = ctx.Rank - r, High = ctx.Rank + r };
        }

        var mine = new Interval[1];
        ctx.Comm.ReduceScatterBlock<Interval>(send, mine, Hull);
        ctx.Equal(new Interval { Low = -ctx.Rank, High = ctx.Size - 1 + ctx.Rank }, mine[0], "this rank's block");
    }

    private static void Nonblocking(ScenarioContext ctx)
    {
        var request = ctx.Comm.Iallreduce(IntervalOf(ctx.Rank), Hull);
        var hull = request.Wait();
        ctx.Equal(new Interval { Low = -(ctx.Size - 1), High = (ctx.Size - 1) * (ctx.Size - 1) }, hull, "Iallreduce with a user op");

        var send = new[] { AffineOf(ctx.Rank) };
        var receive = new Affine[1];
        ctx.Comm.Ireduce(send, receive, Compose, root: ctx.Size - 1).Wait();
        if (ctx.Rank == ctx.Size - 1)
        {
            ctx.Equal(ComposeRange(0, ctx.Size - 1), receive[0], "Ireduce composes in rank order");
        }
    }

    private static void GeneratedFromAttribute(ScenarioContext ctx)
    {
        var op = Extent.MergeOp;
        ctx.True(op.IsUserDefined && op.IsCommutative && op.Name == "Merge", "the generated op describes itself");
        var all = ctx.Comm.Allreduce(new Extent { Low = ctx.Rank, High = ctx.Rank * 2 }, op);
        ctx.Equal(new Extent { Low = 0, High = (ctx.Size - 1) * 2 }, all, "Allreduce with the [MpiOperation] op");
        var first = ctx.Comm.Allreduce(new Extent { Low = ctx.Rank, High = ctx.Rank }, Extent.FirstOp);
        ctx.Equal(new Extent { Low = 0, High = 0 }, first, "a non-commutative generated op keeps rank order");
    }

    private static void WrongElementType(ScenarioContext ctx)
    {
        ctx.ThrowsMpi(MpiErrorClass.Op, () => ctx.Comm.Allreduce(1.0f, MaxMagnitude), "an op on double used with float");
        ctx.AllAlive("after the refused reduction");
    }
}

[MpiMessage]
public partial struct Interval
{
    public double Low, High;
}

public readonly struct IntervalHull : IMpiOperation<Interval>
{
    public static Interval Apply(in Interval left, in Interval right) =>
        new() { Low = Math.Min(left.Low, right.Low), High = Math.Max(left.High, right.High) };
}

/// <summary>Operations generated from <c>[MpiOperation]</c> methods.</summary>
[MpiMessage]
public partial struct Extent
{
    public double Low, High;

    [MpiOperation]
    public static Extent Merge(in Extent a, in Extent b) => new() { Low = Math.Min(a.Low, b.Low), High = Math.Max(a.High, b.High) };

    /// <summary>Keeps the left operand: the result is rank 0's value only if MPI honours rank order.</summary>
    [MpiOperation(Commutative = false)]
    public static Extent First(Extent left, Extent right) => left;
}

[MpiMessage]
public partial struct Affine
{
    public long Scale, Shift;
}

/// <summary>(left then right): x ↦ right(left(x)) = right.Scale·(left.Scale·x + left.Shift) + right.Shift.</summary>
public readonly struct AffineComposition : IMpiOperation<Affine>
{
    public static Affine Apply(in Affine left, in Affine right) =>
        new() { Scale = right.Scale * left.Scale, Shift = right.Scale * left.Shift + right.Shift };
}

public readonly struct LargerMagnitude : IMpiOperation<double>
{
    /// <summary>Ties go to the larger value, so the result does not depend on the order MPI combines in.</summary>
    public static double Apply(in double left, in double right) =>
        Math.Abs(left) > Math.Abs(right) || (Math.Abs(left) == Math.Abs(right) && left > right) ? left : right;
}
