using Spectre.Console;
using Gsd.Merge;

namespace Gsd.Rendering;

/// <summary>One block per merge: what landed, or what did not and the exact commands to fix it.</summary>
public static class MergeRenderer
{
    public static void Render(IAnsiConsole console, IReadOnlyList<MergeResult> results)
    {
        foreach (var r in results)
        {
            switch (r.Outcome)
            {
                case MergeOutcome.Merged:
                    console.WriteLine($"{r.MilestoneId}: merged as {r.Commit?[..Math.Min(8, r.Commit.Length)]}{(r.Error is null ? string.Empty : $" ({r.Error})")}");
                    break;
                case MergeOutcome.Conflict:
                    console.WriteLine($"{r.MilestoneId}: CONFLICT — nothing was changed on the integration branch or in your checkout.");
                    foreach (var f in r.ConflictFiles)
                    {
                        console.WriteLine($"    {f}");
                    }
                    if (r.ResolveHint is not null)
                    {
                        console.WriteLine("  To resolve:");
                        console.WriteLine("    " + r.ResolveHint.Replace("\n", "\n    ", StringComparison.Ordinal));
                    }
                    break;
                case MergeOutcome.Failed:
                    console.WriteLine($"{r.MilestoneId}: FAILED — the integration branch is untouched.\n    {r.Error?.Replace("\n", "\n    ", StringComparison.Ordinal)}");
                    break;
                default:
                    console.WriteLine($"{r.MilestoneId}: skipped — {r.Error}");
                    break;
            }
        }
        var merged = results.Count(r => r.Outcome == MergeOutcome.Merged);
        console.WriteLine($"{merged} of {results.Count} merged.");
    }
}
