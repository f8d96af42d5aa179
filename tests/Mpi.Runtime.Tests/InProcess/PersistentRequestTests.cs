using TypedMpi.Testing;

namespace TypedMpi.Tests.InProcess;

/// <summary>Persistent requests in the harness: leaks reported at finalize, deadlocks reported with the request.</summary>
public sealed class PersistentRequestTests
{
    [Fact]
    public void A_deadlock_in_persistent_receives_names_each_ranks_request()
    {
        var deadlock = Assert.Throws<MpiDeadlockException>(() => MpiTest.Run(2, world =>
        {
            using var receive = world.RecvInit(new int[1], source: world.Next, tag: 7);
            receive.Start();
            receive.Wait();
        }, TimeSpan.FromMilliseconds(300)));

        Assert.Contains("rank 0 blocked in Wait(RecvInit(source: 1, tag: 7)); rank 1 blocked in Wait(RecvInit(source: 0, tag: 7))", deadlock.Message);
    }

    [Fact]
    public void An_undisposed_persistent_request_is_reported_with_what_it_was_and_then_refuses_to_start()
    {
        var outcome = MpiTest.Run(2, world =>
        {
            var forgotten = world.SendInit(new int[3], dest: world.Next, tag: 9);
            using var kept = world.RecvInit(new int[3], source: world.Previous, tag: 10);
            var report = new StringWriter();
            var reported = PersistentRequest.ReportLeaks(MpiEnvironment.Current!.Native, report);
            kept.Dispose();
            var refused = Assert.Throws<ObjectDisposedException>(forgotten.Start);
            return (reported, report.ToString(), refused.ObjectName);
        });

        Assert.Equal(2, outcome[0].reported); // both were alive when the report ran; only this rank's count
        Assert.Contains("[TypedMpi] rank 0: persistent request SendInit(dest: 1, tag: 9) was never disposed; its buffer stayed pinned until finalize.", outcome[0].Item2);
        Assert.Contains("[TypedMpi] rank 1: persistent request RecvInit(source: 0, tag: 10) was never disposed", outcome[1].Item2);
        Assert.Equal(typeof(PersistentRequest).FullName, outcome[0].ObjectName);
    }
}
