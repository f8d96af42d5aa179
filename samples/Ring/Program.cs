using TypedMpi;

// A heterogeneous struct travels once around the ring of ranks: rank 0 starts it, every other rank
// receives it from its left neighbour, adds its mark and passes it on, and rank 0 checks what comes back.
//   mpirun.openmpi -n 4 dotnet samples/Ring/bin/Release/net10.0/Ring.dll
return Mpi.Run(args, world =>
{
    if (world.Rank == 0)
    {
        var start = new Baton { Hops = 0, Origin = 0, Energy = 1.0, Marks = 0, Last = new Position(0, 0) };
        Baton back;
        if (world.Size == 1)
        {
            back = world.SendRecv(start.Visit(0), dest: 0, source: 0, Tags.Baton);
        }
        else
        {
            world.Send(start.Visit(0), world.Next, Tags.Baton);
            back = world.Recv(world.Previous, Tags.Baton);
        }

        var expectedMarks = (1L << world.Size) - 1;
        Console.WriteLine($"rank 0: the baton came back after {back.Hops} hops, marks 0x{back.Marks:x} (expected 0x{expectedMarks:x}), " +
                          $"energy {back.Energy:F4}, last held by '{back.Initial}' at ({back.Last.Row}, {back.Last.Column}) [{back.Phase}, started: {back.Started}]");
        if (back.Hops != world.Size || back.Marks != expectedMarks)
        {
            throw new InvalidOperationException("the baton lost hops or marks on its way round");
        }
    }
    else
    {
        var baton = world.Recv(world.Previous, Tags.Baton);
        Console.WriteLine($"rank {world.Rank}: received the baton from rank {world.Previous} after {baton.Hops} hops [{baton.Phase}]");
        world.Send(baton.Visit(world.Rank), world.Next, Tags.Baton);
        // world.Send(baton.Visit(world.Rank), world.Rank + 1, Tags.Baton); // the classic mistake: the last rank sends past the end (TMPI0203)
        // world.Send(baton.Energy, world.Next, Tags.Baton.Value); // the classic mistake: a double under the Baton's tag, read as a Baton on the other side (TMPI0104)
    }
});

/// <summary>The message: numbers of several widths, an enum, a bool, a char and a nested message struct.</summary>
[MpiMessage]
internal partial struct Baton
{
    public int Hops;
    public short Origin;
    public double Energy;
    public long Marks;
    public Phase Phase;
    public bool Started;
    public char Initial;
    public Position Last;

    /// <summary>The baton after rank <paramref name="rank"/> has held it.</summary>
    public readonly Baton Visit(int rank) => this with
    {
        Hops = Hops + 1,
        Energy = Energy * 0.5 + rank,
        Marks = Marks | (1L << rank),
        Phase = Hops == 0 ? Phase.Started : Phase.Travelling,
        Started = true,
        Initial = (char)('A' + rank % 26),
        Last = new Position(rank / 2, rank % 2),
    };
}

/// <summary>A record struct message: its positional parameters are stored in fields, which MPI describes.</summary>
[MpiMessage]
internal partial record struct Position(int Row, int Column)
{
    public int Row = Row;
    public int Column = Column;
}

internal enum Phase : byte
{
    NotStarted,
    Started,
    Travelling,
}

/// <summary>The tags of this program, each bound to the one message type it carries.</summary>
internal static class Tags
{
    public static readonly Tag<Baton> Baton = new(1);
}
