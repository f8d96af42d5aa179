using TypedMpi.Tests.Infrastructure;

namespace TypedMpi.Tests;

/// <summary>
/// Whole programs under real launchers and as in-process ranks: the samples, the backend choice, launcher/library
/// mismatches, missing libraries, aborts and deadlocks.
/// </summary>
public sealed class LaunchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static string HelloDll => Repository.ProgramDll("samples/Hello", "Hello");

    /// <summary>Open MPI and MPICH at 1, 2 and 4 ranks, and the in-process backend at 1, 2, 4 and 8.</summary>
    public static TheoryData<string, int> ImplementationsAndRanks()
    {
        var data = new TheoryData<string, int>();
        foreach (var mpi in MpiImplementation.All)
        {
            foreach (var ranks in (int[])[1, 2, 4])
            {
                data.Add(mpi.Name, ranks);
            }
        }

        foreach (var ranks in (int[])[1, 2, 4, 8])
        {
            data.Add(ConformanceJobs.InProcess, ranks);
        }

        return data;
    }

    /// <summary>Runs a program under <paramref name="implementation"/>'s launcher, or as in-process ranks.</summary>
    internal static ProcessResult Launch(string implementation, int ranks, string dll, string[]? arguments = null) =>
        implementation == ConformanceJobs.InProcess
            ? ProcessRunner.RunInProcess(ranks, dll, arguments ?? [], Timeout)
            : ProcessRunner.RunJob(MpiImplementation.Named(implementation), ranks, dll, arguments ?? [], Timeout);

    [Theory]
    [MemberData(nameof(ImplementationsAndRanks))]
    public void Hello_prints_one_line_per_rank(string implementation, int ranks)
    {
        var result = Launch(implementation, ranks, HelloDll);
        Assert.True(result.ExitCode == 0, result.ToString());
        var host = System.Net.Dns.GetHostName();
        for (var rank = 0; rank < ranks; rank++)
        {
            Assert.Contains($"Hello, World! I am process {rank} of {ranks} on {host}.", result.StandardOutput);
        }
    }

    [Theory]
    [MemberData(nameof(ImplementationsAndRanks))]
    public void Bcast_delivers_0_to_99_to_every_rank(string implementation, int ranks)
    {
        var result = Launch(implementation, ranks, Repository.ProgramDll("samples/Bcast", "Bcast"));
        Assert.True(result.ExitCode == 0, result.ToString());
        for (var rank = 0; rank < ranks; rank++)
        {
            Assert.Contains($"rank {rank} of {ranks}: received 0..99 from rank 0, sum 4950 (expected 4950)", result.StandardOutput);
        }
    }

    [Theory]
    [MemberData(nameof(ImplementationsAndRanks))]
    public void Ring_carries_a_heterogeneous_message_round_every_rank(string implementation, int ranks)
    {
        var result = Launch(implementation, ranks, Repository.ProgramDll("samples/Ring", "Ring"));
        Assert.True(result.ExitCode == 0, result.ToString());
        var marks = (1L << ranks) - 1;
        Assert.Contains($"rank 0: the baton came back after {ranks} hops, marks 0x{marks:x} (expected 0x{marks:x})", result.StandardOutput);
        for (var rank = 1; rank < ranks; rank++)
        {
            Assert.Contains($"rank {rank}: received the baton from rank {rank - 1} after {rank} hops", result.StandardOutput);
        }
    }

    [Fact]
    public void Without_a_launcher_Hello_runs_on_4_in_process_ranks_and_says_so()
    {
        var result = ProcessRunner.Run("dotnet", [HelloDll], new Dictionary<string, string> { ["TYPEDMPI_VERBOSE"] = "1" }, Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        for (var rank = 0; rank < 4; rank++)
        {
            Assert.Contains($"I am process {rank} of 4", result.StandardOutput);
        }

        Assert.Contains("[TypedMpi] backend: in-process, 4 ranks as threads", result.StandardError);
        Assert.Contains("no MPI launcher in the environment; 4 ranks by default", result.StandardError);
    }

    [Fact]
    public void TYPEDMPI_RANKS_sets_the_in_process_rank_count_and_TYPEDMPI_BACKEND_native_forces_a_singleton()
    {
        var six = ProcessRunner.Run("dotnet", [HelloDll], new Dictionary<string, string> { ["TYPEDMPI_RANKS"] = "6" }, Timeout);
        Assert.True(six.ExitCode == 0, six.ToString());
        Assert.Contains("I am process 5 of 6", six.StandardOutput);

        var native = ProcessRunner.Run("dotnet", [HelloDll], new Dictionary<string, string> { ["TYPEDMPI_BACKEND"] = "native", ["TYPEDMPI_VERBOSE"] = "1" }, Timeout);
        Assert.True(native.ExitCode == 0, native.ToString());
        Assert.Contains("I am process 0 of 1", native.StandardOutput);
        Assert.Contains("[TypedMpi] library: ", native.StandardError);
    }

    [Fact]
    public void Verbose_output_notes_the_late_optimization_of_a_process_bound_to_one_CPU()
    {
        var verboseNative = new Dictionary<string, string> { ["TYPEDMPI_BACKEND"] = "native", ["TYPEDMPI_VERBOSE"] = "1" };
        var bound = ProcessRunner.Run("taskset", ["-c", "0", "dotnet", HelloDll], verboseNative, Timeout);
        Assert.True(bound.ExitCode == 0, bound.ToString());
        Assert.Contains("[TypedMpi] rank 0: this process may use one CPU (core binding), so .NET optimizes hot code only ~2 s into the run; " +
                        "DOTNET_TC_DelaySingleProcMultiplier=1 in the environment removes that delay", bound.StandardError);

        var withoutDelay = ProcessRunner.Run("taskset", ["-c", "0", "dotnet", HelloDll],
            new Dictionary<string, string>(verboseNative) { ["DOTNET_TC_DelaySingleProcMultiplier"] = "1" }, Timeout);
        Assert.True(withoutDelay.ExitCode == 0, withoutDelay.ToString());
        Assert.Contains("[TypedMpi] library: ", withoutDelay.StandardError);
        Assert.DoesNotContain("may use one CPU", withoutDelay.StandardError);
    }

    [Fact]
    public void An_in_process_deadlock_ends_the_program_with_each_ranks_blocked_call()
    {
        var result = ProcessRunner.RunInProcess(2, Repository.ProgramDll("tests/Mpi.Conformance", "Mpi.Conformance"), ["--deadlock"], Timeout,
            new Dictionary<string, string> { ["TYPEDMPI_DEADLOCK_TIMEOUT"] = "0.5" });
        Assert.False(result.TimedOut, result.ToString());
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[TypedMpi] deadlock: every rank has been blocked for 0.5 s with no way forward: " +
                        "rank 0 blocked in Recv(source: 1, tag: 7); rank 1 blocked in Recv(source: 0, tag: 7)", result.StandardError);
    }

    [Fact]
    public void Without_a_launcher_Hello_runs_as_a_singleton_on_MPICH_too_without_hanging()
    {
        // MPICH 4.0.2 hangs forever in any process-manager call of a singleton; TypedMpi makes none.
        var result = ProcessRunner.Run("dotnet", [HelloDll], new Dictionary<string, string> { ["TYPEDMPI_LIBRARY"] = "libmpich.so.12" }, Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("I am process 0 of 1", result.StandardOutput);
    }

    [Fact]
    public void MPICH_forced_under_Open_MPI_mpirun_is_a_clear_error_not_every_rank_0_of_1()
    {
        var result = ProcessRunner.RunJob(MpiImplementation.OpenMpi, 2, HelloDll, [], Timeout,
            new Dictionary<string, string> { ["TYPEDMPI_LIBRARY"] = "libmpich.so.12" });
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("I am process 0 of 1", result.StandardOutput);
        Assert.Contains("MpiLauncherMismatchException", result.AllOutput);
        Assert.Contains("started by Open MPI's mpirun (OMPI_COMM_WORLD_SIZE=2)", result.AllOutput);
        Assert.Contains("MPICH Version: 4.0.2", result.AllOutput);
        Assert.Contains("rank 0 of 1", result.AllOutput);
    }

    [Fact]
    public void Open_MPI_forced_under_MPICH_mpiexec_is_a_clear_error()
    {
        var result = ProcessRunner.RunJob(MpiImplementation.Mpich, 2, HelloDll, [], Timeout,
            new Dictionary<string, string> { ["TYPEDMPI_LIBRARY"] = "libmpi.so.40" });
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("I am process 0 of 1", result.StandardOutput);
        Assert.Contains("a PMI launcher such as MPICH's mpiexec/Hydra", result.AllOutput);
        Assert.Contains("Open MPI v4.1.4", result.AllOutput);
    }

    [Fact]
    public void A_missing_library_lists_every_candidate_tried()
    {
        var result = ProcessRunner.Run("dotnet", [HelloDll],
            new Dictionary<string, string> { ["TYPEDMPI_LIBRARY"] = "libtypedmpi-absent.so.1:/nonexistent/libmpi.so.40" }, Timeout);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("No usable MPI library was found. Tried, in order:", result.StandardError);
        Assert.Contains("- libtypedmpi-absent.so.1:", result.StandardError);
        Assert.Contains("- /nonexistent/libmpi.so.40:", result.StandardError);
        Assert.Contains("apt-get install", result.StandardError);
    }

    [Theory]
    [InlineData("openmpi")]
    [InlineData("mpich")]
    [InlineData(ConformanceJobs.InProcess)]
    public void An_unhandled_exception_on_one_rank_aborts_the_whole_job(string implementation)
    {
        var result = Launch(implementation, 2, Repository.ProgramDll("tests/Mpi.Conformance", "Mpi.Conformance"), ["--throw-on-rank", "1"]);
        Assert.False(result.TimedOut, "the surviving rank was left waiting: " + result);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("[TypedMpi] rank 1 of 2", result.StandardError);
        Assert.Contains("deliberate failure on one rank", result.StandardError);
    }
}
