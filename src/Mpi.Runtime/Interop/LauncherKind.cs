namespace TypedMpi;

/// <summary>The process manager that started this process, as told by its environment variables.</summary>
public enum LauncherKind
{
    /// <summary>No launcher: a singleton start (e.g. <c>dotnet app.dll</c>).</summary>
    None,

    /// <summary>Open MPI's <c>mpirun</c>/<c>mpiexec</c> (ORTE in 4.x, PRRTE in 5.x): <c>OMPI_*</c> variables.</summary>
    OpenMpi,

    /// <summary>A PMI-1/2 launcher: MPICH's Hydra <c>mpiexec</c>, Intel MPI, MVAPICH, <c>srun --mpi=pmi2</c>.</summary>
    Pmi,

    /// <summary>A PMIx launcher without Open MPI's variables: <c>srun --mpi=pmix</c>, <c>prterun</c>.</summary>
    Pmix,

    /// <summary>Slurm's <c>srun</c> without a process-management interface: every rank starts as a singleton.</summary>
    SlurmWithoutPmi,

    /// <summary>TypedMpi's in-process backend: the ranks are threads of this process.</summary>
    InProcess,
}
