namespace Gsd.Preferences;

/// <summary>"Did you mean" for a mistyped key: the closest known name within a small edit distance.</summary>
internal static class KeySuggestion
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

    private static int Distance(string a, string b)
    {
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
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
