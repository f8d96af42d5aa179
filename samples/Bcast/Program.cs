using TypedMpi;

// The root fills an array of 100 ints with 0..99 and broadcasts it; every rank checks what arrived.
//   mpirun.openmpi -n 4 dotnet samples/Bcast/bin/Release/net10.0/Bcast.dll
const int Root = 0;

return Mpi.Run(args, world =>
{
    var data = new int[100];
    if (world.Rank == Root)
    {
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = i;
        }

        // world.Bcast(data, Root); // the classic mistake: only the root would call it, and the others never would (TMPI0300)
    }

    world.Bcast(data, Root); // the array goes to MPI as a span: no copy

    for (var i = 0; i < data.Length; i++)
    {
        if (data[i] != i)
        {
            throw new InvalidOperationException($"rank {world.Rank}: data[{i}] is {data[i]}, expected {i}");
        }
    }

    Console.WriteLine($"rank {world.Rank} of {world.Size}: received 0..99 from rank {Root}, sum {data.Sum()} (expected 4950)");
});
