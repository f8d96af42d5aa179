// Every test starts processes that busy-poll (MPI ranks, in-process ranks): on a 2-core machine two at a time would
// starve each other and distort the timings, so the tests run one after the other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
