namespace TypedMpi.InProcess;

/// <summary>
/// A group of an in-process job as one rank holds it: the members' world ranks in group order, and who is asking
/// (so <c>MPI_Group_rank</c> knows whose rank to return).
/// </summary>
internal sealed class GroupView
{
    public GroupView(int[] members, int callerWorldRank)
    {
        Members = members;
        CallerWorldRank = callerWorldRank;
        Handle = HandleTable.Add(this);
    }

    public int[] Members { get; }

    public int CallerWorldRank { get; }

    public nint Handle { get; }

    public int RankOf(int worldRank) => Array.IndexOf(Members, worldRank);
}
