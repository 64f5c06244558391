namespace Gsd.Dashboard;

/// <summary>The page, its script and its style, embedded in the binary (no build step, nothing on disk to go missing).</summary>
internal static class DashboardAssets
{
    /// <summary>Request path → (resource, content type).</summary>
    public static readonly IReadOnlyDictionary<string, (string Resource, string ContentType)> Files = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["/"] = ("Gsd.Dashboard.index.html", "text/html; charset=utf-8"),
        ["/app.js"] = ("Gsd.Dashboard.app.js", "text/javascript; charset=utf-8"),
        ["/app.css"] = ("Gsd.Dashboard.app.css", "text/css; charset=utf-8"),
    };

    public static byte[] Read(string resource)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
