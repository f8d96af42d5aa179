using System.Numerics;

namespace TypedMpi.InProcess;

/// <summary>
/// The predefined reductions on the predefined element types, in managed code: <c>inout[i] = input[i] op inout[i]</c>.
/// Which combinations exist follows the MPI standard's table (§6.9.2): arithmetic on integers, floating point and
/// complex (no Min/Max on complex), logical on integers and C bool, bitwise on integers and bytes, MinLoc/MaxLoc on
/// the value–index pairs.
/// </summary>
internal static unsafe class ReductionKernels
{
    public static bool Supports(OpKind op, ElementKind element) => op switch
    {
        OpKind.User => true,
        OpKind.Sum or OpKind.Prod => IsInteger(element) || element is ElementKind.Float or ElementKind.Double or ElementKind.FloatComplex or ElementKind.DoubleComplex,
        OpKind.Min or OpKind.Max => IsInteger(element) || element is ElementKind.Float or ElementKind.Double,
        OpKind.LogicalAnd or OpKind.LogicalOr or OpKind.LogicalXor => IsInteger(element) || element == ElementKind.Bool,
        OpKind.BitwiseAnd or OpKind.BitwiseOr or OpKind.BitwiseXor => IsInteger(element) || element == ElementKind.Byte,
        OpKind.MinLoc or OpKind.MaxLoc => element is ElementKind.TwoInt or ElementKind.FloatInt or ElementKind.DoubleInt or ElementKind.LongInt or ElementKind.ShortInt,
        _ => false,
    };

    private static bool IsInteger(ElementKind element) => element is >= ElementKind.Int8 and <= ElementKind.UInt64;

    public static void Apply(OpKind op, ElementKind element, byte* input, byte* inout, int count)
    {
        switch (element)
        {
            case ElementKind.Int8: Numbers(op, (sbyte*)input, (sbyte*)inout, count); break;
            case ElementKind.UInt8: Numbers(op, input, inout, count); break;
            case ElementKind.Byte: Numbers(op, input, inout, count); break;
            case ElementKind.Bool: Numbers(op, input, inout, count); break;
            case ElementKind.Int16: Numbers(op, (short*)input, (short*)inout, count); break;
            case ElementKind.UInt16: Numbers(op, (ushort*)input, (ushort*)inout, count); break;
            case ElementKind.Int32: Numbers(op, (int*)input, (int*)inout, count); break;
            case ElementKind.UInt32: Numbers(op, (uint*)input, (uint*)inout, count); break;
            case ElementKind.Int64: Numbers(op, (long*)input, (long*)inout, count); break;
            case ElementKind.UInt64: Numbers(op, (ulong*)input, (ulong*)inout, count); break;
            case ElementKind.Float: Reals(op, (float*)input, (float*)inout, count); break;
            case ElementKind.Double: Reals(op, (double*)input, (double*)inout, count); break;
            case ElementKind.FloatComplex: Complexes(op, (float*)input, (float*)inout, count); break;
            case ElementKind.DoubleComplex: Complexes(op, (double*)input, (double*)inout, count); break;
            case ElementKind.TwoInt: Locations<int>(op, input, inout, count, 8, 4); break;
            case ElementKind.FloatInt: Locations<float>(op, input, inout, count, 8, 4); break;
            case ElementKind.ShortInt: Locations<short>(op, input, inout, count, 8, 4); break;
            case ElementKind.LongInt: Locations<long>(op, input, inout, count, 16, 8); break;
            case ElementKind.DoubleInt: Locations<double>(op, input, inout, count, 16, 8); break;
            default: throw new InvalidOperationException($"no predefined reduction for {element}");
        }
    }

    private static void Numbers<T>(OpKind op, T* input, T* inout, int count) where T : unmanaged, IBinaryInteger<T>
    {
        for (var i = 0; i < count; i++)
        {
            T a = input[i], b = inout[i];
            inout[i] = op switch
            {
                OpKind.Sum => a + b,
                OpKind.Prod => a * b,
                OpKind.Min => a < b ? a : b,
                OpKind.Max => a > b ? a : b,
                OpKind.BitwiseAnd => a & b,
                OpKind.BitwiseOr => a | b,
                OpKind.BitwiseXor => a ^ b,
                OpKind.LogicalAnd => T.IsZero(a) || T.IsZero(b) ? T.Zero : T.One,
                OpKind.LogicalOr => T.IsZero(a) && T.IsZero(b) ? T.Zero : T.One,
                _ => T.IsZero(a) != T.IsZero(b) ? T.One : T.Zero,
            };
        }
    }

    private static void Reals<T>(OpKind op, T* input, T* inout, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < count; i++)
        {
            T a = input[i], b = inout[i];
            inout[i] = op switch
            {
                OpKind.Sum => a + b,
                OpKind.Prod => a * b,
                OpKind.Min => a < b ? a : b,
                _ => a > b ? a : b,
            };
        }
    }

    /// <summary>C complex numbers: (re, im) pairs.</summary>
    private static void Complexes<T>(OpKind op, T* input, T* inout, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < count; i++)
        {
            T ar = input[2 * i], ai = input[2 * i + 1], br = inout[2 * i], bi = inout[2 * i + 1];
            if (op == OpKind.Sum)
            {
                inout[2 * i] = ar + br;
                inout[2 * i + 1] = ai + bi;
            }
            else
            {
                inout[2 * i] = ar * br - ai * bi;
                inout[2 * i + 1] = ar * bi + ai * br;
            }
        }
    }

    /// <summary>MINLOC/MAXLOC on { value; int index } pairs: the extreme value, and on a tie the smaller index.</summary>
    private static void Locations<T>(OpKind op, byte* input, byte* inout, int count, int stride, int indexOffset) where T : unmanaged, INumber<T>
    {
        for (var i = 0; i < count; i++)
        {
            var a = input + i * stride;
            var b = inout + i * stride;
            T va = *(T*)a, vb = *(T*)b;
            int ia = *(int*)(a + indexOffset), ib = *(int*)(b + indexOffset);
            var takeInput = op == OpKind.MinLoc ? va < vb : va > vb;
            if (takeInput || (va == vb && ia < ib))
            {
                *(T*)b = va;
                *(int*)(b + indexOffset) = ia;
            }
        }
    }
}
