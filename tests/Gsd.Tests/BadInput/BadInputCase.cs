namespace Gsd.Tests.BadInput;

/// <summary>What a case checks once the command has run.</summary>
internal enum Afterwards
{
    /// <summary>The command refused: every ref, the index, status and every file's bytes are as they were.</summary>
    Unchanged,

    /// <summary>The command ran an agent that failed: the work it may touch changed, but no commit or user file was lost.</summary>
    NothingLost,
}

/// <summary>
/// One bad input: how the project is spoiled, the gsd command line, the exit code it must give and what its message must
/// name (file, key, value, path or id).
/// </summary>
/// <param name="AsOtherUser">Run gsd as a user who may read the project but not write it (nobody, when the tests run as root).</param>
internal sealed record BadInputCase(
    string Name,
    string[] Args,
    int Exit,
    string[] Names,
    Action<BadInputProject>? Spoil = null,
    Func<BadInputProject, IReadOnlyDictionary<string, string?>>? Env = null,
    Afterwards Afterwards = Afterwards.Unchanged,
    bool AsOtherUser = false)
{
    public override string ToString() => Name;
}
