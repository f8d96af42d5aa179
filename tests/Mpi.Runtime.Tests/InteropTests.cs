using TypedMpi.Tests.Infrastructure;

namespace TypedMpi.Tests;

/// <summary>
/// A C rank (native/interop/peer.c, with hand-built datatypes) and C# ranks (tests/Mpi.Interop, with generated
/// ones) in one MPI job: ring, gather, broadcast and field-wise reductions must agree byte for byte.
/// </summary>
public sealed class InteropTests
{
    public static TheoryData<string, int> Jobs()
    {
        var data = new TheoryData<string, int>();
        foreach (var mpi in MpiImplementation.All)
        {
            data.Add(mpi.Name, 1);
            data.Add(mpi.Name, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Jobs))]
    public void A_C_rank_and_CSharp_ranks_exchange_and_reduce_message_types(string implementation, int csharpRanks)
    {
        var mpi = MpiImplementation.Named(implementation);
        var peer = NativePrograms.Build(mpi, "peer");
        var dll = Repository.ProgramDll("tests/Mpi.Interop", "Mpi.Interop");
        var result = ProcessRunner.Run(mpi.Launcher,
            [.. mpi.LauncherOptions, "-n", "1", peer, ":", "-n", csharpRanks.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet", dll],
            mpi.Environment, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("INTEROP OK rank 0 (C)", result.StandardOutput);
        for (var rank = 1; rank <= csharpRanks; rank++)
        {
            Assert.Contains($"INTEROP OK rank {rank} (C#)", result.StandardOutput);
        }

        Assert.DoesNotContain("INTEROP FAIL", result.StandardOutput);
    }
}
