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
    public static readonly int Predefined = (int)(Classify(typeof(T)) ?? (PredefinedHandle)(-1));

    /// <summary><see cref="Half"/> travels as 16-bit words but is reduced by TypedMpi's own kernels.</summary>
    public static readonly bool IsHalf = typeof(T) == typeof(Half);

    public static string Name => typeof(T).Name;

    private static PredefinedHandle? Classify(Type type)
    {
        if (type.IsEnum)
        {
            // An enum travels as its underlying integer.
            return Classify(Enum.GetUnderlyingType(type));
        }

        if (type == typeof(byte)) return PredefinedHandle.TypeUInt8;
        if (type == typeof(sbyte)) return PredefinedHandle.TypeInt8;
        if (type == typeof(short)) return PredefinedHandle.TypeInt16;
        if (type == typeof(ushort)) return PredefinedHandle.TypeUInt16;
        if (type == typeof(int)) return PredefinedHandle.TypeInt32;
        if (type == typeof(uint)) return PredefinedHandle.TypeUInt32;
        if (type == typeof(long)) return PredefinedHandle.TypeInt64;
        if (type == typeof(ulong)) return PredefinedHandle.TypeUInt64;
        if (type == typeof(nint)) return IntPtr.Size == 8 ? PredefinedHandle.TypeInt64 : PredefinedHandle.TypeInt32;
        if (type == typeof(nuint)) return IntPtr.Size == 8 ? PredefinedHandle.TypeUInt64 : PredefinedHandle.TypeUInt32;
        if (type == typeof(float)) return PredefinedHandle.TypeFloat;
        if (type == typeof(double)) return PredefinedHandle.TypeDouble;
        if (type == typeof(bool)) return PredefinedHandle.TypeCBool;          // 1 byte, like C's _Bool
        if (type == typeof(char)) return PredefinedHandle.TypeUInt16;         // a UTF-16 code unit
        if (type == typeof(Half)) return PredefinedHandle.TypeUInt16;         // no 16-bit float in MPI-3
        if (type == typeof(Complex)) return PredefinedHandle.TypeCDoubleComplex;
        if (type == typeof(ValueIndex<int>)) return PredefinedHandle.TypeTwoInt;
        if (type == typeof(ValueIndex<float>)) return PredefinedHandle.TypeFloatInt;
        if (type == typeof(ValueIndex<double>)) return PredefinedHandle.TypeDoubleInt;
        if (type == typeof(ValueIndex<long>)) return PredefinedHandle.TypeLongInt;
        if (type == typeof(ValueIndex<short>)) return PredefinedHandle.TypeShortInt;
        return null;
    }
}
