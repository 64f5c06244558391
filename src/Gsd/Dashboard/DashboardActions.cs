using Gsd.IO;
using Gsd.Merge;
using Gsd.Parallel;
using Gsd.Protocol;
using Gsd.Rendering;

namespace Gsd.Dashboard;

/// <summary>An answer to a control: the HTTP status and the command's <c>--json</c> document.</summary>
internal sealed record ActionAnswer(int Status, string Json);

/// <summary>
/// The dashboard's controls, each the same code (and the same <c>--json</c> document) as its CLI command:
/// <c>gsd parallel pause|resume|stop [MID]</c>, <c>merge [MID] --yes</c> and <c>start --yes</c>. A click is the
/// confirmation, as <c>--yes</c> is. 200 when the command would exit 0, 409 when it would exit 1.
/// </summary>
internal sealed class DashboardActions(DashboardProject project)
{
    public ActionAnswer Signal(string signal, string? milestoneId)
    {
        _ = project.Preferences();
        var results = new ParallelController(project.Paths, TimeProvider.System).Send(signal, milestoneId);
        return Ok(new ControlReport(results));
    }

    public async Task<ActionAnswer> MergeAsync(string? milestoneId, CancellationToken ct)
    {
        var runner = new MilestoneMerger(project.Paths, project.Preferences(), TimeProvider.System);
        var ids = milestoneId is { } one ? [one] : await runner.CandidatesAsync(ct).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return Ok(new MergeReport([]));
        }
        var results = await runner.MergeAllAsync(ids, ct).ConfigureAwait(false);
        return new ActionAnswer(runner.Succeeded(results, oneNamed: milestoneId is not null) ? 200 : 409, Serialize(MergeReport.From(results)));
    }

    public async Task<ActionAnswer> StartAsync(CancellationToken ct)
    {
        var starter = new ParallelStarter(project.Paths, project.Preferences(), TimeProvider.System);
        var plan = starter.Plan();
        if (plan.ActiveCoordinatorPid is { } pid)
        {
            return Refused(StartReport.Refused(plan, StartPlan.AlreadyActiveMessage(pid)));
        }
        if (!plan.HasWork)
        {
            return Refused(StartReport.Refused(plan, StartPlan.NoWorkMessage));
        }
        var outcome = await starter.StartInBackgroundAsync(plan, ct).ConfigureAwait(false);
        if (outcome.OtherCoordinatorPid is { } other)
        {
            return Refused(StartReport.Refused(plan, StartPlan.AlreadyActiveMessage(other)));
        }
        // As `gsd parallel start` decides its exit code: workers still starting under a live coordinator are a start (200);
        // nothing alive after the launch is not (409, saying why).
        var nothing = outcome.NothingRunning();
        var report = StartReport.From(plan, nothing is null || outcome.Error is not null ? outcome : outcome with { Error = nothing });
        return new ActionAnswer(nothing is null && outcome.Workers.Count > 0 ? 200 : 409, Serialize(report));
    }

    public static bool IsSignal(string name) => name is Signals.Pause or Signals.Resume or Signals.Stop;

    private static ActionAnswer Ok<T>(T report) => new(200, Serialize(report));

    private static ActionAnswer Refused(StartReport report) => new(409, Serialize(report));

    private static string Serialize<T>(T report) =>
        JsonOutput.Serialize(report, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)RenderingJsonContext.Default.GetTypeInfo(typeof(T))!);
}
