using TypedMpi.Interop;

namespace TypedMpi;

/// <summary>One field of a message type as its generated description reported it.</summary>
/// <param name="Name">The field's name.</param>
/// <param name="Offset">Its byte offset, measured on an instance.</param>
/// <param name="Count">How many elements it holds (1, or the length of a fixed buffer / inline array / vector).</param>
/// <param name="ElementType">The element type.</param>
/// <param name="ElementSize">The element's size in bytes.</param>
/// <param name="Datatype">Resolves the element's MPI datatype in a loaded library (a predefined type or a nested message type).</param>
internal sealed record MessageField(string Name, int Offset, int Count, Type ElementType, int ElementSize, Func<NativeMpi, nint> Datatype);
