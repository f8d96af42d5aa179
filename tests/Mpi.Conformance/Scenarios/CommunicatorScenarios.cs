namespace TypedMpi.Conformance.Scenarios;

/// <summary>Derived communicators: duplicates, splits, groups, creation from a group, Cartesian grids, disposal.</summary>
public static class CommunicatorScenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("comm.dup", Dup),
        new("comm.compare", Compare),
        new("comm.split-parity", SplitParity),
        new("comm.split-undefined", SplitUndefined),
        new("comm.split-key-order", SplitKeyOrder),
        new("comm.split-type-shared", SplitTypeShared),
        new("comm.group-members", GroupMembers),
        new("comm.group-translate-ranks", GroupTranslateRanks),
        new("comm.group-compare", GroupCompare),
        new("comm.create-from-group", CreateFromGroup),
        new("comm.cartesian-mixed", ctx => Cartesian(ctx, [true, false])),
        new("comm.cartesian-periodic", ctx => Cartesian(ctx, [true, true])),
        new("comm.cartesian-non-periodic", ctx => Cartesian(ctx, [false, false])),
        new("comm.cartesian-subset", CartesianSubset),
        new("comm.dispose", Dispose),
    ];

    private static void Dup(ScenarioContext ctx)
    {
        const int Tag = 500;
        using var dup = ctx.Comm.Dup();
        ctx.Equal(CommunicatorComparison.Congruent, dup.Compare(ctx.Comm), "Compare(Dup)");
        ctx.Equal(ctx.Size, dup.Size, "Dup's Size");
        ctx.Equal(ctx.Rank, dup.Rank, "Dup's Rank");

        // Separate message spaces: a message sent on the duplicate is not seen on the original.
        var send = dup.Isend(ctx.Rank, dup.Next, Tag);
        dup.Probe(dup.Previous, Tag);
        ctx.True(!ctx.Comm.Iprobe(Mpi.AnySource, Mpi.AnyTag, out _), "the original sees no message sent on the duplicate");
        ctx.Equal(dup.Previous, dup.Recv<int>(dup.Previous, Tag), "the message on the duplicate");
        send.Wait();
        ctx.Equal(ctx.Size, dup.Allreduce(1, MpiOp.Sum), "an Allreduce on the duplicate");
    }

    private static void Compare(ScenarioContext ctx)
    {
        var world = ctx.Mpi.World;
        ctx.Equal(CommunicatorComparison.Identical, world.Compare(world), "World.Compare(World)");
        ctx.Equal(CommunicatorComparison.Identical, ctx.Comm.Compare(ctx.Comm), "a communicator with itself");
        ctx.Equal(CommunicatorComparison.Congruent, ctx.Comm.Compare(world), "the scenario's duplicate with World");
        // Self and World have the same single member only in a world of one.
        ctx.Equal(ctx.Size == 1 ? CommunicatorComparison.Congruent : CommunicatorComparison.Unequal, ctx.Mpi.Self.Compare(world), "Self with World");

        // The same members in another order.
        using var reversed = ctx.Comm.Split(0, key: ctx.Size - ctx.Rank);
        ctx.Equal(ctx.Size == 1 ? CommunicatorComparison.Congruent : CommunicatorComparison.Similar, reversed.Compare(ctx.Comm), "a reordered split");
    }

    private static void SplitParity(ScenarioContext ctx)
    {
        using var half = ctx.Comm.Split(ctx.Rank % 2, key: ctx.Rank);
        var sameParity = Enumerable.Range(0, ctx.Size).Where(r => r % 2 == ctx.Rank % 2).ToArray();
        ctx.True(!half.IsNull, "a rank with a color is a member");
        ctx.Equal(sameParity.Length, half.Size, "the split's Size");
        ctx.Equal(ctx.Rank / 2, half.Rank, "the split's Rank");
        ctx.Equal(sameParity.Sum(), half.Allreduce(ctx.Rank, MpiOp.Sum), "the sum of world ranks of the same parity");
        ctx.SequenceEqual(sameParity, half.Allgather(ctx.Rank), "the members in rank order");
    }

    /// <summary>Rank 0 opts out with Mpi.Undefined: it gets a null communicator on which every operation throws.</summary>
    private static void SplitUndefined(ScenarioContext ctx)
    {
        using var rest = ctx.Comm.Split(ctx.Rank == 0 ? Mpi.Undefined : 1, key: 0);
        if (ctx.Rank == 0)
        {
            ctx.True(rest.IsNull, "IsNull for the rank left out");
            ctx.Equal(Mpi.Undefined, rest.Rank, "the Rank of a null communicator");
            ctx.Equal(Mpi.ProcNull, rest.Next, "Next on a null communicator");
            ctx.Throws<ObjectDisposedException>(rest.Barrier, "Barrier on a null communicator");
            ctx.Throws<ObjectDisposedException>(() => rest.Allreduce(1, MpiOp.Sum), "Allreduce on a null communicator");
            ctx.Throws<ObjectDisposedException>(() => rest.Send(1, 0, 0), "Send on a null communicator");
            ctx.Throws<ObjectDisposedException>(() => rest.Irecv<int>(0, 0), "Irecv on a null communicator");
            ctx.Throws<ObjectDisposedException>(() => rest.Dup(), "Dup of a null communicator");
            ctx.Throws<ObjectDisposedException>(() => rest.Compare(ctx.Comm), "Compare with a null communicator");
            ctx.True(rest.ToString().Contains("null", StringComparison.Ordinal), "ToString names a null communicator");
        }
        else
        {
            ctx.True(!rest.IsNull, "the other ranks are members");
            ctx.Equal(ctx.Size - 1, rest.Size, "Size without rank 0");
            ctx.Equal(ctx.Rank - 1, rest.Rank, "Rank without rank 0");
            ctx.Equal(ctx.Size - 1, rest.Allreduce(1, MpiOp.Sum), "an Allreduce without rank 0");
        }

        ctx.Throws<MpiException>(() => ctx.Comm.Split(-3), "a negative color other than Mpi.Undefined");
    }

    private static void SplitKeyOrder(ScenarioContext ctx)
    {
        using (var reversed = ctx.Comm.Split(0, key: ctx.Size - ctx.Rank))
        {
            ctx.Equal(ctx.Size - 1 - ctx.Rank, reversed.Rank, "keys in reverse order reverse the ranks");
            ctx.SequenceEqual(Enumerable.Range(0, ctx.Size).Reverse().ToArray(), reversed.Allgather(ctx.Rank), "the members by key");
        }

        using (var ties = ctx.Comm.Split(0, key: ctx.Rank / 2))
        {
            ctx.Equal(ctx.Rank, ties.Rank, "equal keys keep the original order");
        }

        using (var byParity = ctx.Comm.Split(ctx.Rank % 2, key: -ctx.Rank))
        {
            var members = Enumerable.Range(0, ctx.Size).Where(r => r % 2 == ctx.Rank % 2).Reverse().ToArray();
            ctx.Equal(Array.IndexOf(members, ctx.Rank), byParity.Rank, "within a color, ordered by key");
        }
    }

    /// <summary>Everything runs on one machine, so the node-local communicator is the whole world.</summary>
    private static void SplitTypeShared(ScenarioContext ctx)
    {
        using var node = ctx.Comm.SplitType(CommunicatorSplitType.Shared);
        ctx.True(!node.IsNull, "a node communicator");
        ctx.Equal(ctx.Size, node.Size, "node-local size on a single machine");
        ctx.Equal(ctx.Rank, node.Rank, "node-local rank with key 0 keeps the order");
        ctx.Equal(CommunicatorComparison.Congruent, node.Compare(ctx.Comm), "the node communicator and the world");
    }

    private static void GroupMembers(ScenarioContext ctx)
    {
        var n = ctx.Size;
        using var group = ctx.Comm.GetGroup();
        ctx.Equal(n, group.Size, "Group.Size");
        ctx.Equal(ctx.Rank, group.Rank, "Group.Rank");

        var reversedRanks = Enumerable.Range(0, n).Reverse().ToArray();
        using var reversed = group.Include(reversedRanks);
        ctx.Equal(n, reversed.Size, "Include(all, reversed).Size");
        ctx.Equal(n - 1 - ctx.Rank, reversed.Rank, "Include(all, reversed).Rank");

        using var withoutZero = group.Exclude([0]);
        ctx.Equal(n - 1, withoutZero.Size, "Exclude([0]).Size");
        ctx.Equal(ctx.Rank == 0 ? Mpi.Undefined : ctx.Rank - 1, withoutZero.Rank, "Exclude([0]).Rank");

        using var evens = group.Include(Enumerable.Range(0, n).Where(r => r % 2 == 0).ToArray());
        ctx.Equal((n + 1) / 2, evens.Size, "the even ranks");
        ctx.Equal(ctx.Rank % 2 == 0 ? ctx.Rank / 2 : Mpi.Undefined, evens.Rank, "Rank in the group of even ranks");

        using var none = group.Include([]);
        ctx.Equal(0, none.Size, "an empty group");
        ctx.Equal(Mpi.Undefined, none.Rank, "Rank in an empty group");
    }

    private static void GroupTranslateRanks(ScenarioContext ctx)
    {
        var n = ctx.Size;
        using var group = ctx.Comm.GetGroup();
        using var withoutZero = group.Exclude([0]);
        var all = Enumerable.Range(0, n).ToArray();
        ctx.SequenceEqual([Mpi.Undefined, .. Enumerable.Range(0, n - 1)], group.TranslateRanks(all, withoutZero), "world ranks in the group without 0");
        ctx.SequenceEqual(Enumerable.Range(1, n - 1).ToArray(), withoutZero.TranslateRanks(Enumerable.Range(0, n - 1).ToArray(), group), "back to world ranks");

        using var reversed = group.Include(all.Reverse().ToArray());
        ctx.SequenceEqual(all.Reverse().ToArray(), group.TranslateRanks(all, reversed), "ranks in the reversed group");
        using var worldGroup = ctx.Mpi.World.GetGroup();
        ctx.SequenceEqual(all, group.TranslateRanks(all, worldGroup), "the duplicate's ranks are the world's");
    }

    private static void GroupCompare(ScenarioContext ctx)
    {
        var n = ctx.Size;
        using var group = ctx.Comm.GetGroup();
        using var worldGroup = ctx.Mpi.World.GetGroup();
        using var same = group.Include(Enumerable.Range(0, n).ToArray());
        using var reversed = group.Include(Enumerable.Range(0, n).Reverse().ToArray());
        using var withoutZero = group.Exclude([0]);
        ctx.Equal(CommunicatorComparison.Identical, group.Compare(group), "a group with itself");
        ctx.Equal(CommunicatorComparison.Identical, group.Compare(worldGroup), "the duplicate's group with the world's");
        ctx.Equal(CommunicatorComparison.Identical, group.Compare(same), "the same members in the same order");
        ctx.Equal(n == 1 ? CommunicatorComparison.Identical : CommunicatorComparison.Similar, group.Compare(reversed), "the same members reversed");
        ctx.Equal(CommunicatorComparison.Unequal, group.Compare(withoutZero), "a group without rank 0");
    }

    private static void CreateFromGroup(ScenarioContext ctx)
    {
        var n = ctx.Size;
        var evens = Enumerable.Range(0, n).Where(r => r % 2 == 0).ToArray();
        using var group = ctx.Comm.GetGroup();
        using var evenGroup = group.Include(evens);
        using var evenComm = ctx.Comm.Create(evenGroup);
        if (ctx.Rank % 2 == 0)
        {
            ctx.True(!evenComm.IsNull, "an even rank is a member");
            ctx.Equal(evens.Length, evenComm.Size, "Size of the even communicator");
            ctx.Equal(ctx.Rank / 2, evenComm.Rank, "Rank in the even communicator");
            ctx.Equal(evens.Sum(), evenComm.Allreduce(ctx.Rank, MpiOp.Sum), "an Allreduce among the even ranks");
        }
        else
        {
            ctx.True(evenComm.IsNull, "an odd rank gets a null communicator");
        }

        // The whole group gives a communicator congruent with the original.
        using var whole = ctx.Comm.Create(group);
        ctx.Equal(CommunicatorComparison.Congruent, whole.Compare(ctx.Comm), "Create(whole group)");
    }

    /// <summary>
    /// A 2-D grid from ComputeDimensions: coordinates, ranks, shifts, and a halo exchange along each dimension
    /// with SendRecv, whose ProcNull neighbours at a non-periodic edge need no special case.
    /// </summary>
    private static void Cartesian(ScenarioContext ctx, bool[] periodic)
    {
        const int Tag = 510;
        var dims = CartesianCommunicator.ComputeDimensions(ctx.Size, 2);
        ctx.Equal(ctx.Size, dims[0] * dims[1], "ComputeDimensions covers every rank");
        ctx.True(dims[0] >= dims[1], $"ComputeDimensions is non-increasing, got [{dims[0]}, {dims[1]}]");

        using var grid = ctx.Comm.CreateCartesian(dims, periodic);
        ctx.True(!grid.IsNull, "every rank is on a grid of Size cells");
        ctx.Equal(ctx.Size, grid.Size, "grid Size");
        ctx.Equal(ctx.Rank, grid.Rank, "grid Rank without reordering");
        ctx.SequenceEqual(dims, grid.Dimensions.ToArray(), "Dimensions");
        ctx.SequenceEqual(periodic, grid.Periodic.ToArray(), "Periodic");

        int[] c = [.. grid.Coordinates];
        ctx.Equal(grid.Rank, c[0] * dims[1] + c[1], "row-major coordinates");
        ctx.SequenceEqual(c, grid.CoordinatesOf(grid.Rank), "CoordinatesOf(Rank)");
        for (var q = 0; q < ctx.Size; q++)
        {
            ctx.Equal(q, grid.RankOf(grid.CoordinatesOf(q)), $"RankOf(CoordinatesOf({q}))");
        }

        for (var dim = 0; dim < 2; dim++)
        {
            // The expected neighbours one step down (source) and up (destination) along dim.
            int Neighbour(int step)
            {
                var coords = (int[])c.Clone();
                coords[dim] += step;
                if (coords[dim] < 0 || coords[dim] >= dims[dim])
                {
                    if (!periodic[dim])
                    {
                        return Mpi.ProcNull;
                    }

                    coords[dim] = (coords[dim] + dims[dim]) % dims[dim];
                }

                return coords[0] * dims[1] + coords[1];
            }

            var (source, destination) = grid.Shift(dim, 1);
            ctx.Equal(Neighbour(-1), source, $"Shift({dim}, 1).Source");
            ctx.Equal(Neighbour(+1), destination, $"Shift({dim}, 1).Destination");
            var (back, forth) = grid.Shift(dim, -1);
            ctx.True(back == destination && forth == source, $"Shift({dim}, -1) mirrors Shift({dim}, 1)");

            var outside = (int[])c.Clone();
            outside[dim] += dims[dim];
            if (periodic[dim])
            {
                ctx.Equal(grid.Rank, grid.RankOf(outside), $"RankOf wraps along periodic dimension {dim}");
            }
            else
            {
                ctx.Throws<MpiException>(() => grid.RankOf(outside), $"RankOf off the edge of non-periodic dimension {dim}");
            }

            // Halo exchange of one value: send up, receive from below; ProcNull leaves the default.
            var fromBelow = grid.SendRecv(grid.Rank + 1, destination, source, Tag + dim);
            ctx.Equal(source == Mpi.ProcNull ? 0 : source + 1, fromBelow, $"halo value along dimension {dim}");

            // And a row each way with spans.
            int[] row = [grid.Rank, dim, -grid.Rank];
            int[] halo = [-1, -1, -1];
            var status = grid.SendRecv<int>(row, forth, Tag + 2, halo, back, Tag + 2);
            ctx.Equal(back, status.Source, $"halo status source along dimension {dim}");
            ctx.SequenceEqual(back == Mpi.ProcNull ? [-1, -1, -1] : [back, dim, -back], halo, $"halo row from above along dimension {dim}");
        }
    }

    /// <summary>A 1-D grid one cell short of the world: the last rank is left out and gets a null communicator.</summary>
    private static void CartesianSubset(ScenarioContext ctx)
    {
        var cells = Math.Max(1, ctx.Size - 1);
        using var line = ctx.Comm.CreateCartesian([cells], [false]);
        if (ctx.Rank < cells)
        {
            ctx.True(!line.IsNull, "a rank within the grid");
            ctx.Equal(cells, line.Size, "grid Size");
            ctx.SequenceEqual([ctx.Rank], line.Coordinates.ToArray(), "1-D coordinates");
            var (source, destination) = line.Shift(0, 1);
            ctx.Equal(ctx.Rank == 0 ? Mpi.ProcNull : ctx.Rank - 1, source, "Shift source on a line");
            ctx.Equal(ctx.Rank == cells - 1 ? Mpi.ProcNull : ctx.Rank + 1, destination, "Shift destination on a line");
            ctx.Equal(cells, line.Allreduce(1, MpiOp.Sum), "an Allreduce on the grid");
        }
        else
        {
            ctx.True(line.IsNull, "the rank beyond the grid gets a null communicator");
            ctx.Equal(0, line.Dimensions.Count, "no dimensions off the grid");
            ctx.Throws<ObjectDisposedException>(line.Barrier, "Barrier off the grid");
        }

        ctx.Throws<MpiException>(() => ctx.Comm.CreateCartesian([ctx.Size + 1], [false]), "a grid larger than the world");
    }

    private static void Dispose(ScenarioContext ctx)
    {
        var dup = ctx.Comm.Dup();
        var split = ctx.Comm.Split(ctx.Rank % 2);
        var grid = ctx.Comm.CreateCartesian([ctx.Size], [true]);
        var group = ctx.Comm.GetGroup();
        foreach (var comm in new Communicator[] { dup, split, grid })
        {
            comm.Barrier();
            comm.Dispose();
            ctx.Throws<ObjectDisposedException>(comm.Barrier, $"Barrier after Dispose of {comm.GetType().Name}");
            ctx.Throws<ObjectDisposedException>(() => comm.Isend(1, 0, 0), "Isend after Dispose");
            comm.Dispose(); // twice is harmless
        }

        group.Dispose();
        ctx.Throws<ObjectDisposedException>(() => group.Include([0]), "Include after Group.Dispose");
        group.Dispose();

        // World and Self are not owned: disposing them does nothing.
        ctx.Mpi.Self.Dispose();
        ctx.Equal(1, ctx.Mpi.Self.Allreduce(1, MpiOp.Sum), "Self still works after Dispose");
        ctx.AllAlive("disposing derived communicators");
    }
}
