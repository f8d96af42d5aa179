using Microsoft.CodeAnalysis;

namespace TypedMpi.Generators;

/// <summary>
/// Emits the MPI datatype description and reductions for each <c>[MpiMessage]</c> struct.
/// </summary>
/// <remarks>
/// The generator is built and shipped with the runtime from the start so that consumers reference it
/// the way they will later; the message-type pipeline itself is the subject of the generator issue.
/// Until then it registers no outputs.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class MpiMessageGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
