using System.Numerics;
using TypedMpi.Abi;

namespace TypedMpi;

/// <summary>
/// What TypedMpi knows about an element type <typeparamref name="T"/>: the MPI datatype that describes it.
/// Computed once per type; in optimized code the checks below fold to constants.
/// </summary>
internal static class ElementType<T> where T : unmanaged
{
    /// <summary>The predefined datatype for <typeparamref name="T"/>, or -1 when it has none.</summary>
    public static readonly int Predefined = (int)(Classify() ?? (PredefinedHandle)(-1));

    /// <summary><see cref="Half"/> travels as 16-bit words but is reduced by TypedMpi's own kernels.</summary>
    public static readonly bool IsHalf = typeof(T) == typeof(Half);

    public static string Name => typeof(T).Name;

    private static PredefinedHandle? Classify()
    {
        if (typeof(T) == typeof(byte)) return PredefinedHandle.TypeUInt8;
        if (typeof(T) == typeof(sbyte)) return PredefinedHandle.TypeInt8;
        if (typeof(T) == typeof(short)) return PredefinedHandle.TypeInt16;
        if (typeof(T) == typeof(ushort)) return PredefinedHandle.TypeUInt16;
        if (typeof(T) == typeof(int)) return PredefinedHandle.TypeInt32;
        if (typeof(T) == typeof(uint)) return PredefinedHandle.TypeUInt32;
        if (typeof(T) == typeof(long)) return PredefinedHandle.TypeInt64;
        if (typeof(T) == typeof(ulong)) return PredefinedHandle.TypeUInt64;
        if (typeof(T) == typeof(nint)) return IntPtr.Size == 8 ? PredefinedHandle.TypeInt64 : PredefinedHandle.TypeInt32;
        if (typeof(T) == typeof(nuint)) return IntPtr.Size == 8 ? PredefinedHandle.TypeUInt64 : PredefinedHandle.TypeUInt32;
        if (typeof(T) == typeof(float)) return PredefinedHandle.TypeFloat;
        if (typeof(T) == typeof(double)) return PredefinedHandle.TypeDouble;
        if (typeof(T) == typeof(bool)) return PredefinedHandle.TypeCBool;          // 1 byte, like C's _Bool
        if (typeof(T) == typeof(char)) return PredefinedHandle.TypeUInt16;         // a UTF-16 code unit
        if (typeof(T) == typeof(Half)) return PredefinedHandle.TypeUInt16;         // no 16-bit float in MPI-3
        if (typeof(T) == typeof(Complex)) return PredefinedHandle.TypeCDoubleComplex;
        if (typeof(T) == typeof(ValueIndex<int>)) return PredefinedHandle.TypeTwoInt;
        if (typeof(T) == typeof(ValueIndex<float>)) return PredefinedHandle.TypeFloatInt;
        if (typeof(T) == typeof(ValueIndex<double>)) return PredefinedHandle.TypeDoubleInt;
        if (typeof(T) == typeof(ValueIndex<long>)) return PredefinedHandle.TypeLongInt;
        if (typeof(T) == typeof(ValueIndex<short>)) return PredefinedHandle.TypeShortInt;
        return null;
    }
}
