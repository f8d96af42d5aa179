namespace TypedMpi.Binding;

public static partial class BindingPlanner
{
    /// <summary>
    /// The CPUs of each of <paramref name="tasks"/> tasks on <paramref name="cores"/>: contiguous balanced blocks of
    /// cores; or, with more tasks than cores, task j on core j mod m, the tasks of a core splitting its hardware threads
    /// when there are enough.
    /// </summary>
    private static List<int>[] AssignCpus(List<UsableCore> cores, int tasks, bool smt)
    {
        var result = new List<int>[tasks];
        var m = cores.Count;
        if (tasks <= m)
        {
            var next = 0;
            var sizes = Distribute(m, tasks);
            for (var j = 0; j < tasks; j++)
            {
                result[j] = [];
                for (var c = 0; c < sizes[j]; c++)
                {
                    result[j].AddRange(Threads(cores[next++], smt));
                }
            }

            return result;
        }

        for (var j = 0; j < tasks; j++)
        {
            var core = j % m;
            var sharer = j / m;
            var sharers = tasks / m + (core < tasks % m ? 1 : 0);
            var threads = Threads(cores[core], smt);
            if (sharers <= threads.Count)
            {
                var sizes = Distribute(threads.Count, sharers);
                var start = sizes.Take(sharer).Sum();
                result[j] = threads.GetRange(start, sizes[sharer]);
            }
            else
            {
                result[j] = [threads[sharer % threads.Count]];
            }
        }

        return result;
    }

    /// <summary>The hardware threads a core contributes: all of them with SMT on, the first with SMT off.</summary>
    private static List<int> Threads(UsableCore core, bool smt) => smt ? [.. core.Threads] : [core.Threads[0]];

    /// <summary>
    /// <paramref name="items"/> (GPU ids) over <paramref name="tasks"/> tasks: contiguous balanced blocks when there
    /// are at least as many items as tasks, otherwise round-robin (task j gets item j mod count).
    /// </summary>
    private static List<int>[] Share(List<int> items, int tasks)
    {
        var result = new List<int>[tasks];
        if (items.Count >= tasks)
        {
            var next = 0;
            var sizes = Distribute(items.Count, tasks);
            for (var j = 0; j < tasks; j++)
            {
                result[j] = items.GetRange(next, sizes[j]);
                next += sizes[j];
            }
        }
        else
        {
            for (var j = 0; j < tasks; j++)
            {
                result[j] = items.Count == 0 ? [] : [items[j % items.Count]];
            }
        }

        return result;
    }

    /// <summary><paramref name="items"/> over <paramref name="bins"/> bins as evenly as possible, the first bins one more: 18 over 4 is 5,5,4,4.</summary>
    internal static int[] Distribute(int items, int bins)
    {
        var result = new int[bins];
        for (var b = 0; b < bins; b++)
        {
            result[b] = items / bins + (b < items % bins ? 1 : 0);
        }

        return result;
    }

    /// <summary>
    /// <paramref name="items"/> over bins in proportion to <paramref name="weights"/> (all positive), by largest
    /// remainder: each bin gets the floor of its quota, and the items left go to the largest remainders, ties to the
    /// earlier bin. Exact integer arithmetic, so the result never depends on rounding.
    /// </summary>
    internal static int[] Proportional(int items, IReadOnlyList<int> weights)
    {
        long total = weights.Sum(w => (long)w);
        var result = new int[weights.Count];
        var remainders = new long[weights.Count];
        var left = items;
        for (var b = 0; b < weights.Count; b++)
        {
            var share = (long)items * weights[b];
            result[b] = (int)(share / total);
            remainders[b] = share % total;
            left -= result[b];
        }

        var order = Enumerable.Range(0, weights.Count).OrderByDescending(b => remainders[b]).ThenBy(b => b).Take(left);
        foreach (var b in order)
        {
            result[b]++;
        }

        return result;
    }
}
