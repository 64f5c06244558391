namespace Gsd.Git;

/// <summary>Ref spellings used across the merge engine, and the guard that keeps a name from posing as a git option.</summary>
internal static class RefNames
{
    public static string Branch(string branch) => "refs/heads/" + branch;

    /// <summary>Where the last landing of a milestone is recorded (see <see cref="LandingRecord"/>).</summary>
    public static string Landed(string milestoneId) => "refs/gsd/landed/" + milestoneId;

    public static void EnsureSafe(string name, string parameter)
    {
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('-') || name.Any(c => char.IsControl(c) || c == ' '))
        {
            throw new ArgumentException($"'{name}' is not a usable branch or revision name.", parameter);
        }
    }
}
