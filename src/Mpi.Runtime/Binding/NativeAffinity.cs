using System.Runtime.InteropServices;
using TypedMpi.Interop;

namespace TypedMpi.Binding;

/// <summary>
/// libc's <c>sched_getaffinity</c>, <c>sched_setaffinity</c> and <c>setenv</c> as function pointers (no
/// <c>DllImport</c>, so nothing is bound on platforms without them). Linux only.
/// </summary>
/// <remarks>
/// A <c>cpu_set_t</c> is an array of C <c>unsigned long</c> words, CPU i being bit i mod w of word i / w; it is built
/// here as an <see cref="nuint"/> array (the width of <c>unsigned long</c> on Linux), which keeps the layout right on
/// either byte order. glibc's fixed <c>cpu_set_t</c> holds 1024 CPUs; larger sets are passed with their real size,
/// as <c>CPU_ALLOC</c> does.
/// </remarks>
internal static unsafe class NativeAffinity
{
    /// <summary>errno: no such process (the thread exited).</summary>
    public const int NoSuchProcess = 3;

    /// <summary>errno: invalid argument (for a mask: too small, or no allowed CPU in it).</summary>
    public const int InvalidArgument = 22;

    /// <summary>The smallest mask passed: the 1024 CPUs of glibc's <c>cpu_set_t</c>.</summary>
    private const int MinimumCpus = 1024;

    private static readonly delegate* unmanaged<int, nuint, nuint*, int> s_getAffinity = (delegate* unmanaged<int, nuint, nuint*, int>)Resolve("sched_getaffinity");
    private static readonly delegate* unmanaged<int, nuint, nuint*, int> s_setAffinity = (delegate* unmanaged<int, nuint, nuint*, int>)Resolve("sched_setaffinity");
    private static readonly delegate* unmanaged<byte*, byte*, int, int> s_setenv = (delegate* unmanaged<byte*, byte*, int, int>)Resolve("setenv");

    private static readonly int s_bitsPerWord = sizeof(nuint) * 8;

    /// <summary>True on Linux with both affinity calls found.</summary>
    public static bool IsSupported => s_getAffinity != null && s_setAffinity != null;

    /// <summary>
    /// The affinity of thread <paramref name="threadId"/> (0: the calling thread), or the errno of the failure. The
    /// mask grows until the kernel accepts its size.
    /// </summary>
    public static int TryGet(int threadId, out int[] cpus)
    {
        for (var bits = MinimumCpus; ; bits *= 2)
        {
            var mask = new nuint[bits / s_bitsPerWord];
            int result;
            fixed (nuint* words = mask)
            {
                result = s_getAffinity(threadId, (nuint)(mask.Length * sizeof(nuint)), words);
            }

            if (result == 0)
            {
                cpus = Decode(mask);
                return 0;
            }

            var errno = Marshal.GetLastSystemError();
            if (errno != InvalidArgument || bits >= CpuList.MaxId + 1)
            {
                cpus = [];
                return errno;
            }
        }
    }

    /// <summary>Sets the affinity of thread <paramref name="threadId"/> (0: the calling thread); 0 or the errno of the failure.</summary>
    public static int TrySet(int threadId, ReadOnlySpan<int> cpus)
    {
        var highest = 0;
        foreach (var cpu in cpus)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cpu, nameof(cpus));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(cpu, CpuList.MaxId, nameof(cpus));
            highest = Math.Max(highest, cpu);
        }

        var bits = Math.Max(MinimumCpus, (highest / s_bitsPerWord + 1) * s_bitsPerWord);
        var mask = new nuint[bits / s_bitsPerWord];
        foreach (var cpu in cpus)
        {
            mask[cpu / s_bitsPerWord] |= (nuint)1 << (cpu % s_bitsPerWord);
        }

        fixed (nuint* words = mask)
        {
            return s_setAffinity(threadId, (nuint)(mask.Length * sizeof(nuint)), words) == 0 ? 0 : Marshal.GetLastSystemError();
        }
    }

    /// <summary>
    /// Sets an environment variable in the native environment (what CUDA, ROCm and Level Zero read with
    /// <c>getenv</c>); false when libc's <c>setenv</c> is not available.
    /// </summary>
    public static bool TrySetNativeEnvironment(string name, string value)
    {
        if (s_setenv == null)
        {
            return false;
        }

        var nativeName = Marshal.StringToCoTaskMemUTF8(name);
        var nativeValue = Marshal.StringToCoTaskMemUTF8(value);
        try
        {
            return s_setenv((byte*)nativeName, (byte*)nativeValue, 1) == 0;
        }
        finally
        {
            Marshal.FreeCoTaskMem(nativeName);
            Marshal.FreeCoTaskMem(nativeValue);
        }
    }

    private static int[] Decode(nuint[] mask)
    {
        var cpus = new List<int>();
        for (var word = 0; word < mask.Length; word++)
        {
            for (var bit = 0; bit < s_bitsPerWord && mask[word] != 0; bit++)
            {
                if ((mask[word] & ((nuint)1 << bit)) != 0)
                {
                    cpus.Add(word * s_bitsPerWord + bit);
                }
            }
        }

        return [.. cpus];
    }

    private static void* Resolve(string function) => OperatingSystem.IsLinux() ? Libc.Resolve(function) : null;
}
