using System.Runtime.InteropServices;

namespace TypedMpi.Interop;

/// <summary>
/// The two dynamic-loader calls .NET's <see cref="NativeLibrary"/> does not offer: "is this library
/// already loaded?" (<c>dlopen(RTLD_NOLOAD)</c>) and "which file holds this address?" (<c>dladdr</c>).
/// Both are optional: on a platform without them, discovery simply skips the already-loaded step.
/// </summary>
internal static unsafe class Libc
{
    private const int RtldLazy = 0x1;
    private const int RtldNoLoad = 0x4;

    private static readonly delegate* unmanaged<byte*, int, nint> s_dlopen = (delegate* unmanaged<byte*, int, nint>)Resolve("dlopen");
    private static readonly delegate* unmanaged<nint, DlInfo*, int> s_dladdr = (delegate* unmanaged<nint, DlInfo*, int>)Resolve("dladdr");

    /// <summary>True when <paramref name="soname"/> is already mapped into this process.</summary>
    public static bool IsLoaded(string soname)
    {
        if (s_dlopen == null)
        {
            return false;
        }

        var name = Marshal.StringToCoTaskMemUTF8(soname);
        try
        {
            // RTLD_NOLOAD returns the existing handle (and takes a reference) or null; it never loads.
            nint handle = s_dlopen((byte*)name, RtldLazy | RtldNoLoad);
            return handle != 0;
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>The path of the shared object that contains <paramref name="address"/>, if known.</summary>
    public static string? FileOf(nint address)
    {
        if (s_dladdr == null)
        {
            return null;
        }

        DlInfo info;
        return s_dladdr(address, &info) != 0 && info.FileName != null
            ? Marshal.PtrToStringUTF8((nint)info.FileName)
            : null;
    }

    /// <summary>The address of a libc function, or null when this platform or libc does not have it.</summary>
    internal static void* Resolve(string function)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        // glibc ≥ 2.34 has dl* in libc.so.6; older glibc and musl keep them in libdl.
        foreach (var library in (ReadOnlySpan<string>)["libc.so.6", "libdl.so.2", "libc"])
        {
            if (NativeLibrary.TryLoad(library, out var handle) && NativeLibrary.TryGetExport(handle, function, out var address))
            {
                return (void*)address;
            }
        }

        return null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public byte* FileName;
        public nint FileBase;
        public byte* SymbolName;
        public nint SymbolAddress;
    }
}
