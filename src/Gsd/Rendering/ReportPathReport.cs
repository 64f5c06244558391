namespace Gsd.Rendering;

/// <summary><c>gsd report MID --json</c>: where the report was written (absolute path).</summary>
public sealed record ReportPathReport(string Path);
