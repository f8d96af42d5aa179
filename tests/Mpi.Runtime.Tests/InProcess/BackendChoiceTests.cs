using TypedMpi.InProcess;
using TypedMpi.Interop;

namespace TypedMpi.Tests.InProcess;

/// <summary>Which backend Mpi.Run picks, and how many in-process ranks, from the arguments and the environment.</summary>
public sealed class BackendChoiceTests
{
    private static BackendChoice Decide(string[] args, params (string Key, string Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Key, v => v.Value);
        return BackendChoice.Decide(args, env, LauncherEnvironment.Detect(env));
    }

    [Fact]
    public void No_launcher_means_four_in_process_ranks() =>
        Assert.Equal(new BackendChoice(Backend.InProcess, 4, "no MPI launcher in the environment; 4 ranks by default (set --ranks N or TYPEDMPI_RANKS)"), Decide([]));

    [Theory]
    [InlineData(new[] { "--ranks", "6" }, 6)]
    [InlineData(new[] { "input.txt", "--ranks=3" }, 3)]
    public void The_ranks_argument_sets_the_count(string[] args, int ranks)
    {
        var choice = Decide(args, ("TYPEDMPI_RANKS", "2"));
        Assert.Equal((Backend.InProcess, ranks, true), (choice.Backend, choice.Ranks, choice.RanksRequested));
    }

    [Fact]
    public void TYPEDMPI_RANKS_sets_the_count_without_an_argument() =>
        Assert.Equal(2, Decide([], ("TYPEDMPI_RANKS", "2")).Ranks);

    [Fact]
    public void A_launcher_means_its_library() =>
        Assert.Equal(Backend.Native, Decide([], ("OMPI_COMM_WORLD_SIZE", "4"), ("OMPI_COMM_WORLD_RANK", "1")).Backend);

    [Fact]
    public void TYPEDMPI_LIBRARY_without_a_launcher_means_a_native_singleton() =>
        Assert.Equal(new BackendChoice(Backend.Native, 1, "TYPEDMPI_LIBRARY names an MPI library"), Decide([], ("TYPEDMPI_LIBRARY", "libmpich.so.12")));

    [Fact]
    public void TYPEDMPI_BACKEND_overrides_the_launcher_both_ways()
    {
        Assert.Equal(Backend.InProcess, Decide(["--ranks", "2"], ("TYPEDMPI_BACKEND", "inprocess"), ("PMI_RANK", "0")).Backend);
        Assert.Equal(Backend.Native, Decide([], ("TYPEDMPI_BACKEND", "native")).Backend);
    }

    [Theory]
    [InlineData("TYPEDMPI_BACKEND", "gpu", "TYPEDMPI_BACKEND=gpu is not a backend: use 'native' (the MPI library) or 'inprocess' (ranks as threads).")]
    [InlineData("TYPEDMPI_RANKS", "0", "TYPEDMPI_RANKS 0 is not a number of ranks between 1 and 4096.")]
    [InlineData("TYPEDMPI_RANKS", "four", "TYPEDMPI_RANKS four is not a number of ranks between 1 and 4096.")]
    public void Bad_settings_are_clear_errors(string variable, string value, string message) =>
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => Decide([], (variable, value))).Message);

    [Fact]
    public void ProgramArguments_drops_only_the_ranks_option() =>
        Assert.Equal(["--count", "5", "data"], Mpi.ProgramArguments(["--ranks", "3", "--count", "5", "--ranks=2", "data"]));
}
