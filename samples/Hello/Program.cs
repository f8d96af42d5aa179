using TypedMpi;

// Every rank says hello. Run it under any launcher:
//   mpirun.openmpi -n 4 dotnet samples/Hello/bin/Release/net10.0/Hello.dll
//   mpirun.mpich   -n 4 dotnet samples/Hello/bin/Release/net10.0/Hello.dll
return Mpi.Run(args, world =>
{
    var host = Mpi.Current!.ProcessorName;
    Console.WriteLine($"Hello, World! I am process {world.Rank} of {world.Size} on {host}.");
});
