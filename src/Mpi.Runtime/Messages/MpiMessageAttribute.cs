namespace TypedMpi;

/// <summary>
/// Marks a partial struct as an MPI message type: the TypedMpi source generator describes its layout to MPI
/// (a derived datatype built from the measured field offsets) and generates field-wise Sum/Prod/Min/Max
/// reductions when every field is numeric. The struct can then be sent, received, broadcast, gathered and
/// reduced like any primitive — as a value, a span or an array, with no copy.
/// </summary>
/// <remarks>
/// Fields may be primitives, enums, <see cref="bool"/>, <see cref="char"/>, <see cref="Half"/>,
/// <see cref="System.Numerics.Complex"/>, <see cref="System.Numerics.Vector2"/>/3/4, other <c>[MpiMessage]</c>
/// structs, fixed-size buffers and <see cref="System.Runtime.CompilerServices.InlineArrayAttribute"/> types.
/// </remarks>
/// <example>
/// <code>
/// [MpiMessage]
/// public partial struct Particle
/// {
///     public double X, Y, Z;
///     public int Id;
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class MpiMessageAttribute : Attribute;
