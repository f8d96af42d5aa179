using System.Text;

namespace TypedMpi;

/// <summary>The MPI standard's spelling of TypedMpi's names, for messages and for comparing with C.</summary>
internal static class MpiNames
{
    /// <summary><see cref="MpiErrorClass.InStatus"/> → <c>MPI_ERR_IN_STATUS</c>.</summary>
    public static string ErrorClass(MpiErrorClass errorClass) =>
        errorClass == MpiErrorClass.Success ? "MPI_SUCCESS" : "MPI_ERR_" + UpperSnake(errorClass.ToString());

    /// <summary><c>InStatus</c> → <c>IN_STATUS</c>; runs of capitals stay together (<c>IO</c>).</summary>
    public static string UpperSnake(string pascal)
    {
        var result = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]) && char.IsLower(pascal[i - 1]))
            {
                result.Append('_');
            }

            result.Append(char.ToUpperInvariant(pascal[i]));
        }

        return result.ToString();
    }
}
