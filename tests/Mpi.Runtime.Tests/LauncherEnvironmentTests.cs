using TypedMpi.Interop;

namespace TypedMpi.Tests;

/// <summary>The launcher is told from environment variables alone, before any library is touched (values measured under each launcher).</summary>
public sealed class LauncherEnvironmentTests
{
    private static LauncherEnvironment Detect(params (string Key, string Value)[] variables) =>
        LauncherEnvironment.Detect(variables.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Open_MPI_mpirun_is_recognized_with_its_size_and_rank_even_though_it_also_sets_PMIx_variables()
    {
        var launcher = Detect(("OMPI_COMM_WORLD_SIZE", "4"), ("OMPI_COMM_WORLD_RANK", "2"), ("PMIX_RANK", "2"));
        Assert.Equal((LauncherKind.OpenMpi, 4, 2), (launcher.Kind, launcher.Size, launcher.Rank));
        Assert.Equal(AbiFamily.OpenMpi, launcher.ExpectedFamily);
    }

    [Fact]
    public void Hydra_is_a_PMI_launcher_that_wants_an_MPICH_family_library()
    {
        var launcher = Detect(("PMI_FD", "8"), ("PMI_RANK", "1"), ("PMI_SIZE", "3"), ("HYDI_CONTROL_FD", "7"));
        Assert.Equal((LauncherKind.Pmi, 3, 1), (launcher.Kind, launcher.Size, launcher.Rank));
        Assert.Equal(AbiFamily.Mpich, launcher.ExpectedFamily);
    }

    [Fact]
    public void A_PMIx_launcher_without_Open_MPI_variables_does_not_decide_the_family()
    {
        var launcher = Detect(("PMIX_RANK", "0"), ("SLURM_NTASKS", "8"));
        Assert.Equal((LauncherKind.Pmix, 8), (launcher.Kind, launcher.Size));
        Assert.Null(launcher.ExpectedFamily);
    }

    [Fact]
    public void Srun_without_an_MPI_plugin_is_recognized()
    {
        var launcher = Detect(("SLURM_PROCID", "3"), ("SLURM_STEP_ID", "0"), ("SLURM_NTASKS", "4"));
        Assert.Equal((LauncherKind.SlurmWithoutPmi, 4, 3), (launcher.Kind, launcher.Size, launcher.Rank));
    }

    [Fact]
    public void No_launcher_variables_is_a_singleton_start()
    {
        var launcher = Detect(("HOME", "/root"), ("SLURM_JOB_ID", "5"));
        Assert.Equal(LauncherKind.None, launcher.Kind);
        Assert.Null(launcher.Size);
    }
}
