using System.Diagnostics;
using System.Globalization;

namespace TypedMpi.InProcess;

/// <summary>
/// Watches an in-process job for a deadlock: every rank that has not finished is asleep in a blocking call and no
/// rank has completed a call for the whole quiet period. Nothing can wake any of them then, so the job is stopped
/// with a report of each rank's blocked call, peer and tag — something no MPI library can tell its users.
/// </summary>
/// <remarks>
/// A rank that computes, spins on Test, or runs a thread of its own that may still send keeps the job alive: only
/// sleeping ranks count as blocked, and the quiet period (5 s by default) leaves room for the last case.
/// </remarks>
internal sealed class DeadlockWatchdog : IDisposable
{
    private readonly InProcessJob _job;
    private readonly Timer _timer;
    private long _lastProgress = -1;
    private long _stillSince;

    public DeadlockWatchdog(InProcessJob job)
    {
        _job = job;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(job.Options.DeadlockTimeout.TotalMilliseconds / 10, 10, 250));
        _timer = new Timer(_ => Check(), null, period, period);
    }

    public void Dispose() => _timer.Dispose();

    private void Check()
    {
        if (_job.IsAborted)
        {
            return;
        }

        long progress = 0;
        var anyLive = false;
        foreach (var rank in _job.Ranks)
        {
            progress += rank.Progress;
            if (rank.Finished)
            {
                continue;
            }

            anyLive = true;
            if (!rank.Blocked.Active)
            {
                _lastProgress = -1; // someone is running: start the quiet period again
                return;
            }
        }

        var now = Stopwatch.GetTimestamp();
        if (!anyLive || progress != _lastProgress)
        {
            _lastProgress = progress;
            _stillSince = now;
            return;
        }

        if (Stopwatch.GetElapsedTime(_stillSince, now) >= _job.Options.DeadlockTimeout)
        {
            _job.Abort(Report(), deadlock: true);
        }
    }

    private string Report()
    {
        var blocked = _job.Ranks
            .Where(rank => !rank.Finished)
            .Select(rank => $"rank {rank.WorldRank} blocked in {rank.Blocked.Describe()}");
        var finished = _job.Ranks.Where(rank => rank.Finished).Select(rank => rank.WorldRank).ToArray();
        var seconds = _job.Options.DeadlockTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var tail = finished.Length == 0 ? "" : $" (rank{(finished.Length > 1 ? "s" : "")} {string.Join(", ", finished)} had finished)";
        return $"deadlock: every rank has been blocked for {seconds} s with no way forward: {string.Join("; ", blocked)}{tail}";
    }
}
