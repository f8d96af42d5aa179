using TypedMpi.Testing;

namespace TypedMpi.Tests.InProcess;

/// <summary>The unit-test harness users get: results per rank, the failing rank named, deadlocks reported.</summary>
public sealed class MpiTestHarnessTests
{
    private static readonly TimeSpan QuickDeadlock = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void Run_returns_each_ranks_result_in_rank_order()
    {
        var received = MpiTest.Run(4, world => world.SendRecv(world.Rank, dest: world.Next, source: world.Previous, tag: 7));
        Assert.Equal([3, 0, 1, 2], received);
    }

    [Fact]
    public void Collectives_and_communicators_work_inside_a_test()
    {
        var sums = MpiTest.Run(5, world =>
        {
            using var half = world.Split(world.Rank % 2);
            return (world.Allreduce(world.Rank, MpiOp.Sum), half.Size, half.Allreduce(world.Rank, MpiOp.Max));
        });

        Assert.All(sums, s => Assert.Equal(10, s.Item1));
        Assert.Equal([(10, 3, 4), (10, 2, 3), (10, 3, 4), (10, 2, 3), (10, 3, 4)], sums);
    }

    [Fact]
    public void An_exception_on_one_rank_fails_the_run_naming_that_rank()
    {
        var failure = Assert.Throws<MpiRankFailedException>(() => MpiTest.Run(4, world =>
        {
            if (world.Rank == 2)
            {
                throw new InvalidOperationException("boom on two");
            }

            world.Barrier(); // the others wait for rank 2, which never comes: the failure releases them
        }));

        Assert.Equal(2, failure.Rank);
        Assert.Equal(4, failure.Size);
        Assert.Equal("rank 2 of 4 failed: InvalidOperationException: boom on two", failure.Message);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }

    [Fact]
    public void A_receive_receive_deadlock_is_reported_with_each_ranks_call_peer_and_tag()
    {
        var deadlock = Assert.Throws<MpiDeadlockException>(() => MpiTest.Run(2, world =>
        {
            world.Recv<int>(source: 1 - world.Rank, tag: 7);
            world.Send(world.Rank, dest: 1 - world.Rank, tag: 7);
        }, QuickDeadlock));

        Assert.Equal(
            "deadlock: every rank has been blocked for 0.3 s with no way forward: " +
            "rank 0 blocked in Recv(source: 1, tag: 7); rank 1 blocked in Recv(source: 0, tag: 7)",
            deadlock.Message);
    }

    [Fact]
    public void Large_sends_wait_for_their_receive_so_an_unsafe_exchange_deadlocks_as_on_a_real_library()
    {
        var deadlock = Assert.Throws<MpiDeadlockException>(() => MpiTest.Run(2, world =>
        {
            var data = new double[1 << 20]; // 8 MiB, far above the eager limit
            world.Send<double>(data, dest: 1 - world.Rank, tag: 3);
            world.Recv<double>(data, source: 1 - world.Rank, tag: 3);
        }, QuickDeadlock));

        Assert.Contains("rank 0 blocked in Send(dest: 1, tag: 3); rank 1 blocked in Send(dest: 0, tag: 3)", deadlock.Message);
    }

    [Fact]
    public void A_collective_some_ranks_skip_is_reported_with_who_is_missing()
    {
        var deadlock = Assert.Throws<MpiDeadlockException>(() => MpiTest.Run(3, world =>
        {
            if (world.Rank != 1)
            {
                world.Barrier();
            }
        }, QuickDeadlock));

        Assert.Contains("rank 0 blocked in Barrier, waiting for rank 1 of world; rank 2 blocked in Barrier, waiting for rank 1 of world (rank 1 had finished)", deadlock.Message);
    }

    [Fact]
    public void Ranks_that_call_different_collectives_get_an_error_that_says_who_called_what()
    {
        var failure = Assert.Throws<MpiRankFailedException>(() => MpiTest.Run(2, world =>
        {
            if (world.Rank == 0)
            {
                world.Bcast(1, root: 0);
            }
            else
            {
                world.Allreduce(1, MpiOp.Sum);
            }
        }));

        var error = Assert.IsType<MpiException>(failure.InnerException);
        Assert.Equal(MpiErrorClass.NotSame, error.ErrorClass);
        Assert.Contains("rank 0 called Bcast(root: 0), rank 1 called Allreduce with MPI_SUM", error.Message);
    }

    [Fact]
    public void A_truncated_receive_is_an_exception_on_the_receiving_rank_only()
    {
        var outcomes = MpiTest.Run(2, world =>
        {
            if (world.Rank == 0)
            {
                world.Send<int>(new int[10], dest: 1, tag: 5);
                return "sent";
            }

            var error = Assert.Throws<MpiException>(() => world.Recv<int>(new int[4], source: 0, tag: 5));
            return $"{error.ErrorClass}: {error.LibraryMessage}";
        });

        Assert.Equal("sent", outcomes[0]);
        Assert.Equal("Truncate: the message from rank 0 with tag 5 has 40 bytes, but the receive buffer on rank 1 holds 16 " +
                     "(4 elements of MPI_INT32); the first 16 bytes were delivered", outcomes[1]);
    }

    [Fact]
    public void Abort_on_one_rank_stops_the_run_and_names_the_rank()
    {
        var failure = Assert.Throws<MpiRankFailedException>(() => MpiTest.Run(3, world =>
        {
            if (world.Rank == 1)
            {
                Mpi.Current!.Abort(3);
            }

            world.Barrier();
        }));

        Assert.Equal(1, failure.Rank);
        Assert.Contains("called Abort(3)", failure.Message);
    }

    [Fact]
    public void Each_rank_has_its_own_current_environment_also_in_tasks_it_starts()
    {
        var ranks = MpiTest.Run(3, world => Task.Run(() => Mpi.Current!.World.Rank).GetAwaiter().GetResult());
        Assert.Equal([0, 1, 2], ranks);
        Assert.Null(Mpi.Current);
    }

    [Fact]
    public async Task Runs_can_follow_each_other_and_overlap_in_one_process()
    {
        var runs = Enumerable.Range(1, 4).Select(size => Task.Run(() => MpiTest.Run(size, world => world.Allreduce(1, MpiOp.Sum)))).ToArray();
        var results = await Task.WhenAll(runs);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.All(results[i], sum => Assert.Equal(i + 1, sum));
        }

        Assert.Equal([2, 2], MpiTest.Run(2, world => world.Allreduce(1, MpiOp.Sum)));
    }

    [Fact]
    public void Initialize_without_a_launcher_makes_the_calling_thread_a_one_rank_job()
    {
        using (var mpi = Mpi.Initialize(ThreadLevel.Multiple))
        {
            Assert.Equal(AbiFamily.InProcess, mpi.Library.Family);
            Assert.Equal(LauncherKind.InProcess, mpi.Launcher);
            Assert.Equal((0, 1), (mpi.World.Rank, mpi.World.Size));
            Assert.Same(mpi, Mpi.Current);
            Assert.Equal(5, mpi.World.Allreduce(5, MpiOp.Sum));
            Assert.Equal(42, mpi.World.SendRecv(42, dest: 0, source: 0, tag: 1));
        }

        Assert.Null(Mpi.Current);
    }
}
