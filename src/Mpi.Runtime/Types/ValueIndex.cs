using System.Runtime.InteropServices;

namespace TypedMpi;

/// <summary>
/// A value paired with an index, the element type of <see cref="MpiOp.MinLoc"/> and <see cref="MpiOp.MaxLoc"/>
/// (MPI's <c>MPI_2INT</c>, <c>MPI_FLOAT_INT</c>, <c>MPI_DOUBLE_INT</c>, <c>MPI_LONG_INT</c>, <c>MPI_SHORT_INT</c>).
/// </summary>
/// <typeparam name="T"><see cref="int"/>, <see cref="float"/>, <see cref="double"/>, <see cref="long"/> or <see cref="short"/>.</typeparam>
/// <param name="Value">The value compared.</param>
/// <param name="Index">Its index, usually the rank that holds it.</param>
[StructLayout(LayoutKind.Sequential)]
public record struct ValueIndex<T>(T Value, int Index) where T : unmanaged;
