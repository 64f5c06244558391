namespace Gsd.Merge;

/// <summary>What <see cref="Containment.SafeRemoveAsync"/> removed; <see cref="Reason"/> says why anything was kept.</summary>
public sealed record SafeRemoveResult(bool Removed, bool WorktreeRemoved, bool BranchDeleted, string Reason);
