namespace Gsd.IO;

/// <summary>
/// "Did you mean" for a mistyped name (a preference key, a command, an option): the closest candidate within a small
/// edit distance, or null when nothing is close enough to be a likely slip.
/// </summary>
internal static class NameSuggestion
{
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        var wanted = Normalize(name);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(wanted, Normalize(candidate));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        var allowed = wanted.Length <= 4 ? 1 : 2;
        return bestDistance <= allowed ? best : null;
    }

    // Case and dash/underscore differences are the commonest slips; they cost nothing here.
    private static string Normalize(string name) => name.ToUpperInvariant().Replace('-', '_');

    /// <summary>Damerau–Levenshtein (optimal string alignment): a swap of two neighbouring letters is one slip, not two.</summary>
    internal static int Distance(string a, string b)
    {
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }
        return previous[b.Length];
    }
}
