using Gsd.Agents;
using Gsd.Layout;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Processes;

namespace Gsd.Auto;

/// <summary>
/// One try at one unit: the agent (or the worker itself for complete-slice/complete-milestone), then the unit's
/// "done when" from ARCHITECTURE §4 — never the agent's exit code alone. What is missing becomes the retry prompt's failure text.
/// </summary>
internal sealed class UnitRunner(AutoOptions options, GsdPreferences prefs, IAgent agent, string? logFile, TimeProvider clock)
{
    private string Checkout => options.Checkout;

    /// <param name="agentStarted">Told the agent's pid (its process group) as soon as it runs.</param>
    /// <param name="agentProgress">Told the agent's activity and cost so far as its event stream moves.</param>
    public async Task<UnitRunResult> RunAsync(WorkUnit unit, Milestone milestone, string? failure, Action<int> agentStarted, Action<AgentProgress>? agentProgress, CancellationToken ct)
    {
        if (unit.IsWorkerUnit)
        {
            CompleteByWorker(unit, milestone);
            var check = WorkerUnitCheck(unit);
            return check is null ? UnitRunResult.WorkerDone : UnitRunResult.WorkerFailed(check);
        }
        var prompt = new PromptBuilder(Checkout).Build(unit, milestone, failure);
        AgentResult? agentResult = null;
        try
        {
            var invocation = new AgentInvocation(Checkout, prompt, unit.Type, unit.Id, milestone.Id, options.ProjectRoot, Checkout, logFile)
            {
                Started = agentStarted,
                Progress = agentProgress,
            };
            agentResult = await agent.RunAsync(invocation, ct).ConfigureAwait(false);
            if (agentResult.Interrupted || ct.IsCancellationRequested)
            {
                return UnitRunResult.InterruptedAfter(agentResult);
            }
            if (agentResult.TimedOut)
            {
                return UnitRunResult.From(agentResult, false, agentResult.ErrorText ?? $"The agent did not finish within agent.unit_timeout ({DurationText.Format(prefs.Agent.UnitTimeout)}).") with { TimedOut = true };
            }
            if (agentResult.ExitCode != 0 || agentResult.IsError)
            {
                return UnitRunResult.From(agentResult, false, $"The agent failed: {agentResult.ErrorText ?? $"exit code {agentResult.ExitCode}"}") with
                {
                    AgentFailure = FailureClassifier.Classify(agentResult, clock.GetUtcNow()),
                };
            }
            var reloaded = PlanningLoader.LoadMilestone(Checkout, milestone.Id);
            var missing = await CheckDoneAsync(unit, reloaded, ct).ConfigureAwait(false);
            if (ct.IsCancellationRequested)
            {
                return UnitRunResult.InterruptedAfter(agentResult);
            }
            if (missing is not null)
            {
                return UnitRunResult.From(agentResult, false, missing);
            }
            if (unit.Type == UnitTypes.ExecuteTask)
            {
                var task = reloaded.Slices.First(s => s.Id == unit.SliceId).Tasks.First(t => t.Id == unit.TaskId);
                PlanEditor.TickTask(Checkout, milestone.Id, unit.SliceId!, unit.TaskId!);
                PlanEditor.WriteTaskSummary(Checkout, milestone.Id, unit.SliceId!, unit.TaskId!, task.Title, task.Files, SummaryBody(agentResult), clock.GetUtcNow());
            }
            return UnitRunResult.From(agentResult, true, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped during the agent or its verification: the caller saves the work as interrupted.
            return UnitRunResult.InterruptedAfter(agentResult);
        }
    }

    /// <summary>The "done when" column of ARCHITECTURE §4 for agent units; null when done, else what is missing.</summary>
    private async Task<string?> CheckDoneAsync(WorkUnit unit, Milestone m, CancellationToken ct)
    {
        switch (unit.Type)
        {
            case UnitTypes.PlanMilestone:
            {
                var roadmap = GsdPaths.RoadmapFile(Checkout, m.Id);
                if (!m.HasRoadmap)
                {
                    return $"{Rel(roadmap)} was not written.";
                }
                return m.Slices.Count == 0
                    ? $"{Rel(roadmap)} has no slice lines of the form ``- [ ] **S01: Title** `risk:low` `depends:[]` ``.{ProblemsIn(m, roadmap)}"
                    : null;
            }
            case UnitTypes.PlanSlice:
            {
                var slice = m.Slices.FirstOrDefault(s => s.Id == unit.SliceId);
                var plan = GsdPaths.SlicePlanFile(Checkout, m.Id, unit.SliceId!);
                if (slice is null || !slice.HasPlan)
                {
                    return $"{Rel(plan)} was not written.";
                }
                return slice.Tasks.Count == 0
                    ? $"{Rel(plan)} has no task lines of the form ``- [ ] **T01: Title** `est:30m` `` under `## Tasks`.{ProblemsIn(m, plan)}"
                    : null;
            }
            case UnitTypes.ExecuteTask:
            {
                var task = m.Slices.FirstOrDefault(s => s.Id == unit.SliceId)?.Tasks.FirstOrDefault(t => t.Id == unit.TaskId);
                if (task?.Verify is null)
                {
                    return null;
                }
                var verify = await ShellCommand.RunAsync(task.Verify, Checkout, prefs.Agent.UnitTimeout, VerifyEnvironment(unit), ct).ConfigureAwait(false);
                return verify.Success ? null : $"Verification `{task.Verify}` failed (exit {verify.ExitCode}):\n{ShellCommand.Tail(verify.Output)}";
            }
            default:
                return null;
        }
    }

    private Dictionary<string, string?> VerifyEnvironment(WorkUnit unit) => new()
    {
        ["GSD_UNIT_TYPE"] = unit.Type,
        ["GSD_UNIT_ID"] = unit.Id,
        ["GSD_MILESTONE_ID"] = unit.MilestoneId,
        ["GSD_PROJECT_ROOT"] = options.ProjectRoot,
        ["GSD_WORKTREE"] = Checkout,
    };

    private void CompleteByWorker(WorkUnit unit, Milestone m)
    {
        var now = clock.GetUtcNow();
        if (unit.Type == UnitTypes.CompleteSlice)
        {
            var slice = m.Slices.First(s => s.Id == unit.SliceId);
            var tasks = string.Join('\n', slice.Tasks.Select(t => $"- {t.Id}: {t.Title}"));
            PlanEditor.WriteSliceSummary(Checkout, m.Id, slice.Id, slice.Title, $"All {slice.Tasks.Count} tasks done:\n\n{tasks}", now);
            PlanEditor.TickSlice(Checkout, m.Id, slice.Id);
        }
        else
        {
            var slices = string.Join('\n', m.Slices.Select(s => $"- {s.Id}: {s.Title} ({s.Tasks.Count} tasks)"));
            PlanEditor.WriteMilestoneSummary(Checkout, m.Id, m.Title, $"All {m.Slices.Count} slices done:\n\n{slices}", now);
        }
    }

    /// <summary>A worker unit must leave the files reading as done, or the loop would pick the same unit for ever.</summary>
    private string? WorkerUnitCheck(WorkUnit unit)
    {
        var m = PlanningLoader.LoadMilestone(Checkout, unit.MilestoneId);
        if (unit.Type == UnitTypes.CompleteSlice)
        {
            var slice = m.Slices.FirstOrDefault(s => s.Id == unit.SliceId);
            return slice is not null && (slice.IsDone || (slice.Done is null && slice.HasSummary))
                ? null
                : $"{unit.SliceId} could not be marked done in {Rel(GsdPaths.RoadmapFile(Checkout, m.Id))}: no unticked line ``- [ ] **{unit.SliceId}: …**`` (or table row) was found.";
        }
        return m.IsComplete ? null : $"{Rel(GsdPaths.SummaryFile(Checkout, m.Id))} was written but the milestone does not read as complete.";
    }

    private string ProblemsIn(Milestone m, string file)
    {
        var rel = Rel(file).Replace('\\', '/');
        var problems = m.Problems.Where(p => p.Path == rel).Select(p => p.ToString()).ToList();
        return problems.Count == 0 ? string.Empty : "\n" + string.Join('\n', problems);
    }

    private static string SummaryBody(AgentResult r)
    {
        var text = r.Output.Trim();
        if (text.Length > 4000)
        {
            text = text[..4000] + "…";
        }
        return text.Length == 0 ? "Completed by the agent; verification passed." : text;
    }

    private string Rel(string path) => Path.GetRelativePath(Checkout, path);
}
