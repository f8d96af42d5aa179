// MPI jobs busy-poll two cores: test classes that launch jobs must not run side by side.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
