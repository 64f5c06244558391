namespace Gsd.Planning;

/// <summary>A task line of a slice PLAN. Done when its checkbox is ticked or its T##-SUMMARY.md exists.</summary>
public sealed record PlannedTask(
    string Id,
    string Title,
    bool Done,
    IReadOnlyList<string> Files,
    string? Verify,
    string? Estimate,
    int Line);
