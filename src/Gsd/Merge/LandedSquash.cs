namespace Gsd.Merge;

/// <summary>
/// A squash the engine just landed: the integration branch moved to <see cref="Commit"/>, whose tree is the merge of
/// <see cref="Source"/> (the branch commit landed) and whose only parent is the tip it replaced; <see cref="Record"/> is
/// the landing record written for it and <see cref="ChangedFiles"/> the paths the commit changed. While the branch is
/// still at <see cref="Source"/> and the integration branch at <see cref="Commit"/>, that commit's tree is the containment
/// proof (<see cref="Containment.ProveLandedAsync"/>): merging the branch again would change nothing.
/// </summary>
/// <param name="Replaced">The integration branch's tip before, the squash commit's parent.</param>
/// <param name="OwnWorkShown">
/// The merge used git's own merge base and changed the tree, which proves <see cref="Source"/> has commits outside
/// <see cref="Replaced"/>'s history (were it an ancestor, git's merge would have returned the integration tree unchanged).
/// </param>
internal sealed record LandedSquash(string Source, string Replaced, string Commit, string Record, IReadOnlyList<string> ChangedFiles, bool OwnWorkShown);
