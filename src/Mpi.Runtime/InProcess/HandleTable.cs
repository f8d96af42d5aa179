namespace TypedMpi.InProcess;

/// <summary>
/// The handles the in-process backend hands out for the objects it creates (communicators, groups, datatypes,
/// ops, requests, matched messages): small integers above every predefined constant of the standard ABI, each
/// naming one slot of a process-wide table.
/// </summary>
/// <remarks>
/// Lookups are lock-free: a slot keeps its index for the object's lifetime and the array is only ever replaced by
/// a larger copy, so a reader holding the old array still finds its object. Freed slots are reused.
/// </remarks>
internal static class HandleTable
{
    /// <summary>The first handle: above every predefined handle of the MPI-5 standard ABI (all below 0x1000).</summary>
    private const long FirstHandle = 0x10000;

    private static readonly Lock s_gate = new();
    private static readonly Stack<int> s_free = new();
    private static object?[] s_objects = new object?[1024];
    private static int s_used;

    public static nint Add(object value)
    {
        lock (s_gate)
        {
            int index;
            if (s_free.Count > 0)
            {
                index = s_free.Pop();
            }
            else
            {
                index = s_used++;
                if (index == s_objects.Length)
                {
                    var larger = new object?[s_objects.Length * 2];
                    s_objects.AsSpan().CopyTo(larger);
                    Volatile.Write(ref s_objects, larger);
                }
            }

            s_objects[index] = value;
            return (nint)(FirstHandle + index);
        }
    }

    /// <summary>The object behind <paramref name="handle"/> when it is a <typeparamref name="T"/>, else null.</summary>
    public static T? Get<T>(nint handle) where T : class
    {
        var objects = Volatile.Read(ref s_objects);
        var index = (long)handle - FirstHandle;
        return (ulong)index < (ulong)objects.Length ? objects[index] as T : null;
    }

    public static void Remove(nint handle)
    {
        lock (s_gate)
        {
            var index = (long)handle - FirstHandle;
            if ((ulong)index < (ulong)s_used && s_objects[index] is not null)
            {
                s_objects[index] = null;
                s_free.Push((int)index);
            }
        }
    }
}
