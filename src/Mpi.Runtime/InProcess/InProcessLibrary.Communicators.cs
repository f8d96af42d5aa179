using System.Globalization;
using System.Runtime.InteropServices;

namespace TypedMpi.InProcess;

/// <summary>Communicators, groups and Cartesian topologies.</summary>
internal static unsafe partial class InProcessLibrary
{
    [UnmanagedCallersOnly]
    private static int Comm_size(nint comm, int* size)
    {
        var rc = LiveView(comm, out var view);
        if (rc == 0)
        {
            *size = view.State.Size;
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Comm_rank(nint comm, int* rank)
    {
        var rc = LiveView(comm, out var view);
        if (rc == 0)
        {
            *rank = view.Rank;
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Comm_dup(nint comm, nint* newComm) => Derive(comm, CollectiveKind.CommDup, "Dup", newComm, 0, 0, null);

    [UnmanagedCallersOnly]
    private static int Comm_split(nint comm, int color, int key, nint* newComm)
    {
        if (color < 0 && color != s_abi.Undefined)
        {
            return InProcessErrors.Code(MpiErrorClass.Arg, $"the color {color} is negative: a color is non-negative, or MPI_UNDEFINED to leave the rank out");
        }

        return Derive(comm, CollectiveKind.CommSplit, "Split", newComm, color, key, null);
    }

    /// <summary>Every rank of an in-process job shares the one process's memory, so a shared-memory split keeps them all.</summary>
    [UnmanagedCallersOnly]
    private static int Comm_split_type(nint comm, int splitType, int key, nint info, nint* newComm)
    {
        var color = splitType == s_abi.CommTypeShared ? 0 : s_abi.Undefined;
        return Derive(comm, CollectiveKind.CommSplit, "SplitType", newComm, color, key, null);
    }

    [UnmanagedCallersOnly]
    private static int Comm_create(nint comm, nint group, nint* newComm)
    {
        var rc = GroupOf(group, out var members);
        return rc != 0 ? rc : Derive(comm, CollectiveKind.CommCreate, "Create", newComm, 0, 0, members);
    }

    [UnmanagedCallersOnly]
    private static int Comm_compare(nint first, nint second, int* result)
    {
        CommView b = null!;
        var rc = LiveView(first, out var a);
        rc = rc != 0 ? rc : LiveView(second, out b);
        if (rc != 0)
        {
            return rc;
        }

        var results = s_abi.ComparisonResults;
        *result = a.State == b.State ? results[0]
            : a.State.Members.AsSpan().SequenceEqual(b.State.Members) ? results[1]
            : SameMembers(a.State.Members, b.State.Members) ? results[2]
            : results[3];
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Comm_free(nint* comm)
    {
        var view = HandleTable.Get<CommView>(*comm);
        if (view is null || view.Freed)
        {
            return InProcessErrors.Code(MpiErrorClass.Comm, "the communicator was freed already");
        }

        view.Freed = true;
        view.State.Collectives.ReturnSpare();
        HandleTable.Remove(view.Handle);
        *comm = CommNull;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Comm_group(nint comm, nint* group)
    {
        var rc = LiveView(comm, out var view);
        if (rc == 0)
        {
            *group = new GroupView(view.State.Members, view.Owner.WorldRank).Handle;
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Group_size(nint group, int* size)
    {
        var rc = GroupOf(group, out var members);
        if (rc == 0)
        {
            *size = members.Length;
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Group_rank(nint group, int* rank)
    {
        if (HandleTable.Get<GroupView>(group) is not { } view)
        {
            var rc = GroupOf(group, out _);
            *rank = s_abi.Undefined;
            return rc;
        }

        var index = view.RankOf(view.CallerWorldRank);
        *rank = index >= 0 ? index : s_abi.Undefined;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Group_incl(nint group, int count, int* ranks, nint* newGroup) => Subgroup(group, count, ranks, newGroup, include: true);

    [UnmanagedCallersOnly]
    private static int Group_excl(nint group, int count, int* ranks, nint* newGroup) => Subgroup(group, count, ranks, newGroup, include: false);

    [UnmanagedCallersOnly]
    private static int Group_translate_ranks(nint first, int count, int* ranks, nint second, int* translated)
    {
        int[] to = [];
        var rc = GroupOf(first, out var from);
        rc = rc != 0 ? rc : GroupOf(second, out to);
        if (rc != 0)
        {
            return rc;
        }

        for (var i = 0; i < count; i++)
        {
            var rank = ranks[i];
            translated[i] = rank == PointToPoint.ProcNull ? PointToPoint.ProcNull
                : (uint)rank < (uint)from.Length && Array.IndexOf(to, from[rank]) is var index and >= 0 ? index
                : (uint)rank < (uint)from.Length ? s_abi.Undefined
                : int.MinValue;
            if (translated[i] == int.MinValue)
            {
                return InProcessErrors.Code(MpiErrorClass.Rank, $"rank {rank} is not in the first group ({from.Length} ranks)");
            }
        }

        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Group_compare(nint first, nint second, int* result)
    {
        int[] b = [];
        var rc = GroupOf(first, out var a);
        rc = rc != 0 ? rc : GroupOf(second, out b);
        if (rc == 0)
        {
            var results = s_abi.ComparisonResults;
            *result = a.AsSpan().SequenceEqual(b) ? results[0] : SameMembers(a, b) ? results[2] : results[3];
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Group_free(nint* group)
    {
        if (HandleTable.Get<GroupView>(*group) is { } view)
        {
            HandleTable.Remove(view.Handle);
        }

        *group = GroupNull;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Cart_create(nint comm, int dimensions, int* sizes, int* periodic, int reorder, nint* newComm)
    {
        try
        {
            var rc = View(comm, out var view);
            if (rc != 0)
            {
                return rc;
            }

            if (dimensions <= 0)
            {
                return InProcessErrors.Code(MpiErrorClass.Dims, $"a Cartesian grid needs at least one dimension, not {dimensions}");
            }

            var args = new CollectiveArgs { Kind = CollectiveKind.CartCreate, Function = "CreateCartesian", Dimensions = dimensions, Sizes = sizes, Periodic = periodic, NewComm = newComm };
            return Join(view, ref args, null);
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int Cart_shift(nint comm, int direction, int displacement, int* source, int* dest)
    {
        var rc = Topology(comm, out var view, out var grid);
        if (rc != 0)
        {
            return rc;
        }

        if ((uint)direction >= (uint)grid.Dimensions)
        {
            return InProcessErrors.Code(MpiErrorClass.Arg, $"direction {direction} is not a dimension of the {grid.Dimensions}-dimensional grid");
        }

        Span<int> coordinates = stackalloc int[grid.Dimensions];
        grid.CoordinatesOf(view.Rank, coordinates);
        var own = coordinates[direction];
        coordinates[direction] = own + displacement;
        *dest = RankOrNull(grid, coordinates);
        coordinates[direction] = own - displacement;
        *source = RankOrNull(grid, coordinates);
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Cart_coords(nint comm, int rank, int maxDimensions, int* coordinates)
    {
        var rc = Topology(comm, out var view, out var grid);
        if (rc != 0)
        {
            return rc;
        }

        if ((uint)rank >= (uint)view.State.Size)
        {
            return InProcessErrors.Code(MpiErrorClass.Rank, $"rank {rank} is not a rank of the {view.State.Size}-rank grid");
        }

        Span<int> all = stackalloc int[grid.Dimensions];
        grid.CoordinatesOf(rank, all);
        all[..Math.Min(maxDimensions, grid.Dimensions)].CopyTo(new Span<int>(coordinates, Math.Min(maxDimensions, grid.Dimensions)));
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Cart_rank(nint comm, int* coordinates, int* rank)
    {
        var rc = Topology(comm, out _, out var grid);
        if (rc != 0)
        {
            return rc;
        }

        var found = grid.RankOf(new ReadOnlySpan<int>(coordinates, grid.Dimensions));
        if (found < 0)
        {
            return InProcessErrors.Code(MpiErrorClass.Rank, "the coordinates lie outside a non-periodic dimension of the grid");
        }

        *rank = found;
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Cart_get(nint comm, int maxDimensions, int* sizes, int* periodic, int* coordinates)
    {
        var rc = Topology(comm, out var view, out var grid);
        if (rc != 0)
        {
            return rc;
        }

        Span<int> own = stackalloc int[grid.Dimensions];
        grid.CoordinatesOf(view.Rank, own);
        for (var d = 0; d < Math.Min(maxDimensions, grid.Dimensions); d++)
        {
            sizes[d] = grid.Sizes[d];
            periodic[d] = grid.Periodic[d] ? 1 : 0;
            coordinates[d] = own[d];
        }

        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Cartdim_get(nint comm, int* dimensions)
    {
        var rc = Topology(comm, out _, out var grid);
        if (rc == 0)
        {
            *dimensions = grid.Dimensions;
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Dims_create(int nodes, int dimensions, int* sizes)
    {
        if (nodes <= 0 || dimensions <= 0 || !CartesianTopology.TryCreateDims(nodes, new Span<int>(sizes, dimensions)))
        {
            return InProcessErrors.Code(MpiErrorClass.Dims, string.Create(CultureInfo.InvariantCulture,
                $"{nodes} ranks cannot be arranged in {dimensions} dimensions with the sizes already given"));
        }

        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Topo_test(nint comm, int* topology)
    {
        var rc = LiveView(comm, out var view);
        if (rc == 0)
        {
            *topology = view.State.Topology is null ? s_abi.Undefined : s_abi.TopologyCartesian;
        }

        return rc;
    }

    /// <summary>A communicator lookup for local queries, which still answer after the job was stopped.</summary>
    private static int LiveView(nint handle, out CommView view)
    {
        var rc = View(handle, out view);
        return rc != 0 && view is not null && view.State.Job.IsAborted ? 0 : rc;
    }

    private static int Derive(nint comm, CollectiveKind kind, string function, nint* newComm, int color, int key, int[]? group)
    {
        try
        {
            var rc = View(comm, out var view);
            if (rc != 0)
            {
                return rc;
            }

            var args = new CollectiveArgs { Kind = kind, Function = function, Color = color, Key = key, Group = group, NewComm = newComm };
            return Join(view, ref args, null);
        }
        catch (Exception e)
        {
            return Internal(e);
        }
    }

    private static int GroupOf(nint handle, out int[] members)
    {
        if (handle == GroupEmpty)
        {
            members = [];
            return 0;
        }

        if (HandleTable.Get<GroupView>(handle) is { } view)
        {
            members = view.Members;
            return 0;
        }

        members = [];
        return InProcessErrors.Code(MpiErrorClass.Group, string.Create(CultureInfo.InvariantCulture, $"0x{handle:x} is not a group"));
    }

    private static int Subgroup(nint group, int count, int* ranks, nint* newGroup, bool include)
    {
        var rc = GroupOf(group, out var members);
        if (rc != 0)
        {
            return rc;
        }

        var chosen = new int[Math.Max(count, 0)];
        for (var i = 0; i < chosen.Length; i++)
        {
            chosen[i] = ranks[i];
            if ((uint)chosen[i] >= (uint)members.Length || Array.IndexOf(chosen, chosen[i], 0, i) >= 0)
            {
                return InProcessErrors.Code(MpiErrorClass.Rank, $"rank {chosen[i]} is not a rank of the group ({members.Length} ranks), or appears twice");
            }
        }

        var result = include
            ? chosen.Select(rank => members[rank]).ToArray()
            : members.Where((_, rank) => !chosen.Contains(rank)).ToArray();
        var caller = HandleTable.Get<GroupView>(group)?.CallerWorldRank ?? CurrentRank()?.WorldRank ?? -1;
        *newGroup = result.Length == 0 ? GroupEmpty : new GroupView(result, caller).Handle;
        return 0;
    }

    private static int Topology(nint comm, out CommView view, out CartesianTopology grid)
    {
        grid = null!;
        var rc = LiveView(comm, out view);
        if (rc != 0)
        {
            return rc;
        }

        if (view.State.Topology is not { } topology)
        {
            return InProcessErrors.Code(MpiErrorClass.Topology, $"{view.State.Name} has no Cartesian topology");
        }

        grid = topology;
        return 0;
    }

    private static int RankOrNull(CartesianTopology grid, ReadOnlySpan<int> coordinates) =>
        grid.RankOf(coordinates) is var rank and >= 0 ? rank : PointToPoint.ProcNull;

    private static bool SameMembers(int[] a, int[] b) => a.Length == b.Length && a.Order().SequenceEqual(b.Order());
}
