using TypedMpi.Interop;

namespace TypedMpi.Tests;

public sealed class LibraryDiscoveryTests
{
    private static readonly LauncherEnvironment Hydra = new(LauncherKind.Pmi, "PMI_FD=8", 2, 0);

    [Fact]
    public void An_explicit_library_list_is_tried_alone_and_in_order()
    {
        var env = new Dictionary<string, string> { ["TYPEDMPI_LIBRARY"] = "/opt/a/libmpi.so:libmpich.so.12" };
        var names = LibraryDiscovery.Candidates(env, LauncherEnvironment.Singleton).Select(c => c.Name);
        Assert.Equal(["/opt/a/libmpi.so", "libmpich.so.12"], names);
    }

    [Fact]
    public void Under_a_PMI_launcher_the_MPICH_family_sonames_come_first()
    {
        var ladder = LibraryDiscovery.OrderedLadder(new Dictionary<string, string>(), Hydra);
        Assert.Equal(["libmpi.so.12", "libmpich.so.12", "libmpi.so.40", "libmpi_abi.so.1", "libmpi.so"], ladder);
    }

    [Fact]
    public void Without_a_launcher_the_ladder_is_the_documented_order_with_Intel_MPI_first_when_its_root_is_set()
    {
        var env = new Dictionary<string, string> { ["I_MPI_ROOT"] = "/opt/intel/mpi" };
        var ladder = LibraryDiscovery.OrderedLadder(env, LauncherEnvironment.Singleton);
        Assert.Equal(["/opt/intel/mpi/lib/libmpi.so.12", "/opt/intel/mpi/lib/release/libmpi.so.12",
                      "libmpi.so.40", "libmpi.so.12", "libmpich.so.12", "libmpi_abi.so.1", "libmpi.so"], ladder);
    }

    [Theory]
    [InlineData("Open MPI v4.1.4, package: Debian OpenMPI", AbiFamily.OpenMpi)]
    [InlineData("IBM Spectrum MPI 10.4.0", AbiFamily.OpenMpi)]
    [InlineData("MPICH Version:\t4.0.2\nMPICH Release date: ...", AbiFamily.Mpich)]
    [InlineData("Intel(R) MPI Library 2021.10 for Linux* OS", AbiFamily.Mpich)]
    [InlineData("MVAPICH Version: 3.0", AbiFamily.Mpich)]
    [InlineData("MPI VERSION    : CRAY MPICH version 8.1.28", AbiFamily.Mpich)]
    public void The_version_string_names_the_family(string version, AbiFamily family) =>
        Assert.Equal(family, LibraryDiscovery.FamilyFromVersionString(version));

    [Theory]
    [InlineData("MPIwrapper 2.11")]
    [InlineData("Microsoft MPI 10.1.12498.18")]
    public void Libraries_of_other_ABIs_are_not_claimed(string version) =>
        Assert.Null(LibraryDiscovery.FamilyFromVersionString(version));

    [Fact]
    public void When_nothing_loads_the_message_lists_every_candidate_and_why()
    {
        var env = new Dictionary<string, string> { ["TYPEDMPI_LIBRARY"] = "libtypedmpi-absent.so.1:/nonexistent/libmpi.so.40" };
        var error = Assert.Throws<MpiLibraryNotFoundException>(() => LibraryDiscovery.Discover(env, LauncherEnvironment.Singleton));
        Assert.Equal(2, error.CandidatesTried.Count);
        Assert.Contains("libtypedmpi-absent.so.1: Unable to load shared library", error.Message);
        Assert.Contains("/nonexistent/libmpi.so.40: Unable to load shared library", error.Message);
        Assert.Contains("TYPEDMPI_LIBRARY", error.Message);
    }

    [Fact]
    public void A_library_that_is_not_MPI_is_rejected_with_the_reason()
    {
        var env = new Dictionary<string, string> { ["TYPEDMPI_LIBRARY"] = "libc.so.6" };
        var error = Assert.Throws<MpiLibraryNotFoundException>(() => LibraryDiscovery.Discover(env, LauncherEnvironment.Singleton));
        Assert.Contains("libc.so.6: loads, but exports no MPI_Get_library_version: not an MPI library", error.Message);
    }

    [Fact]
    public void An_unknown_abi_override_is_a_clear_error()
    {
        var env = new Dictionary<string, string> { ["TYPEDMPI_ABI"] = "lam" };
        var error = Assert.Throws<MpiLibraryNotFoundException>(() => LibraryDiscovery.ParseAbiOverride(env));
        Assert.Contains("use openmpi, mpich or mpiabi", error.Message);
    }
}
