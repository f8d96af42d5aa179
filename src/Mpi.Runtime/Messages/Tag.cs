namespace TypedMpi;

/// <summary>
/// A message tag bound to one message type: a send with it accepts only <typeparamref name="T"/> and a receive
/// with it returns <typeparamref name="T"/>, so sender and receiver cannot disagree about what travels under it.
/// </summary>
/// <example>
/// <code>
/// static class Tags
/// {
///     public static readonly Tag&lt;Particle&gt; Particles = new(1);
/// }
///
/// world.Send(particle, dest: 1, Tags.Particles);
/// Particle received = world.Recv(source: 0, Tags.Particles);
/// </code>
/// </example>
public readonly record struct Tag<T> where T : unmanaged
{
    /// <summary>Binds tag <paramref name="value"/> to <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public Tag(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Value = value;
    }

    /// <summary>The tag number on the wire.</summary>
    public int Value { get; }

    /// <inheritdoc />
    public override string ToString() => $"Tag<{typeof(T).Name}>({Value})";
}
