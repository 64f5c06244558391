using Gsd.Git;
using Gsd.IO;
using Gsd.Layout;

namespace Gsd.Reports;

/// <summary>
/// Writes <c>.gsd/reports/&lt;MID&gt;.html</c> in the project root, atomically: on demand (`gsd report`), by the worker when
/// its milestone completes, and again by the merge queue once it merged, so the merge commit appears.
/// </summary>
public sealed class ReportWriter(string projectRoot, TimeProvider clock)
{
    /// <summary>Gathers, renders and writes the report; returns its path.</summary>
    /// <exception cref="GsdException">An invalid or unknown milestone (exit 2), or a file that cannot be read or written.</exception>
    public async Task<string> WriteAsync(string milestoneId, string? checkout = null, ReportKnown? known = null, CancellationToken ct = default)
    {
        var report = await new ReportGatherer(projectRoot, clock).GatherAsync(milestoneId, checkout, known, ct).ConfigureAwait(false);
        var path = GsdPaths.ReportFile(projectRoot, milestoneId);
        try
        {
            AtomicFile.WriteAllText(path, ReportHtml.Render(report));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GsdException($"Cannot write the report {path}: {ex.Message}");
        }
        return path;
    }

    /// <summary>
    /// For the worker and the merge queue, where a report is a by-product that must never fail the run: the path written,
    /// or the reason it was not (to report as a warning).
    /// </summary>
    public async Task<(string? Path, string? Error)> TryWriteAsync(string milestoneId, string? checkout = null, ReportKnown? known = null, CancellationToken ct = default)
    {
        try
        {
            return (await WriteAsync(milestoneId, checkout, known, ct).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is GsdException or GitException or IOException or UnauthorizedAccessException)
        {
            return (null, $"the report of {milestoneId} was not written: {ex.Message}");
        }
    }
}
