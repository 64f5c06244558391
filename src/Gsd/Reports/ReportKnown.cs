using Gsd.Git;

namespace Gsd.Reports;

/// <summary>
/// What the merge queue already read when it refreshes a report right after a merge, so the report does not ask git
/// again: the milestone as committed on its branch (used where the report would read the branch) and the files the
/// merge commit <see cref="MergeCommit"/> changed.
/// </summary>
public sealed record ReportKnown(BranchMilestone Branch, string MergeCommit, IReadOnlyList<string> MergeFiles);
