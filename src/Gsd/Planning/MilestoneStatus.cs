namespace Gsd.Planning;

/// <summary>Queue status: complete, parked and ghost come from the files; ready/blocked from dependencies.</summary>
public enum MilestoneStatus
{
    Ready,
    Blocked,
    Complete,
    Parked,
    Ghost,
}
