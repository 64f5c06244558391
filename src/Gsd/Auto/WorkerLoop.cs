using System.Globalization;
using Gsd.Agents;
using Gsd.IO;
using Gsd.Parallel;
using Gsd.Planning;
using Gsd.Preferences;

namespace Gsd.Auto;

/// <summary>
/// One worker: derive state → pick the next unit → run it → verify → commit → record metrics → heartbeat → check signals,
/// until the milestone is complete, a unit fails three times (blocked), the budget is reached or it is told to stop.
/// </summary>
public sealed class WorkerLoop
{
    private readonly AutoOptions _options;
    private readonly GsdPreferences _prefs;
    private readonly TimeProvider _clock;
    private readonly Action<AutoEvent> _report;
    private readonly MetricsLedger _ledger;
    private readonly UnitCommitter _committer;
    private readonly ParallelPaths _paths;

    public WorkerLoop(AutoOptions options, GsdPreferences prefs, TimeProvider clock, Action<AutoEvent> report)
    {
        _options = options;
        _prefs = prefs;
        _clock = clock;
        _report = report;
        _ledger = new MetricsLedger(options.Checkout);
        _committer = new UnitCommitter(options.Checkout);
        _paths = new ParallelPaths(options.ProjectRoot);
    }

    public async Task<AutoOutcome> RunAsync(CancellationToken stopToken)
    {
        var lockPath = Path.Combine(_options.Checkout, ".gsd", "auto.lock");
        using var autoLock = PidLock.TryAcquire(lockPath, _clock, out var holder)
            ?? throw new GsdException($"Another gsd worker (pid {holder!.Pid}) is running in {_options.Checkout} (lock {lockPath}). Stop it first, or wait for it to finish.");
        var milestone = PickMilestone();
        if (milestone is null)
        {
            Emit("end", null, e => e with { Outcome = "idle", Message = "No eligible milestones: every milestone is complete, parked, a ghost, or waiting for dependencies. See `gsd queue`." });
            return new AutoOutcome("idle", null, "No eligible milestones");
        }
        await SaveInterruptedWorkAsync(autoLock.PreviousStale, milestone.Id, CancellationToken.None).ConfigureAwait(false);

        await using var status = _options.ParallelWorker
            ? new WorkerStatusWriter(_paths.StatusFile(milestone.Id), InitialStatus(milestone), _options.HeartbeatInterval, _clock)
            : null;
        var inbox = _options.ParallelWorker ? new SignalInbox(_paths.SignalFile(milestone.Id), InitialSignalSeq(milestone.Id)) : null;
        var budget = new BudgetGuard(
            _prefs.Parallel.BudgetCeiling,
            _options.ParallelWorker
                ? () => BudgetGuard.RunSpend(_paths, milestone.Id, _ledger.TotalCost())
                : _ledger.TotalCost);
        Emit("start", milestone.Id, e => e with { Title = milestone.Title, Message = $"working {milestone.Id}: {milestone.Title} in {_options.Checkout}" });

        var outcome = await LoopAsync(milestone.Id, autoLock, status, inbox, budget, stopToken).ConfigureAwait(false);
        status?.Update(s => s with { State = outcome.State, CurrentUnit = null, Error = outcome.Reason, Cost = _ledger.TotalCost() });
        Emit("end", milestone.Id, e => e with { Outcome = outcome.State, Message = outcome.Reason });
        return outcome;
    }

    private async Task<AutoOutcome> LoopAsync(string mid, PidLock autoLock, WorkerStatusWriter? status, SignalInbox? inbox, BudgetGuard budget, CancellationToken stopToken)
    {
        var completedUnits = 0;
        while (true)
        {
            var milestone = PlanningLoader.LoadMilestone(_options.Checkout, mid);
            status?.Update(s => s with { Progress = ProgressOf(milestone), Cost = _ledger.TotalCost(), State = s.State == WorkerStates.Starting ? WorkerStates.Running : s.State });

            var signalOutcome = await HandleSignalsAsync(mid, status, inbox, stopToken).ConfigureAwait(false);
            if (signalOutcome is not null)
            {
                return signalOutcome;
            }
            if (stopToken.IsCancellationRequested)
            {
                return new AutoOutcome(WorkerStates.Stopped, mid, "stopped by signal");
            }
            var unit = UnitPlanner.Next(milestone);
            if (unit is null)
            {
                return new AutoOutcome(WorkerStates.Complete, mid, null);
            }
            var decision = budget.Check();
            if (!decision.MayStart)
            {
                return new AutoOutcome(WorkerStates.Stopped, mid, $"Budget ceiling reached: {decision.Describe()}; no new unit was started.");
            }

            var failure = (string?)null;
            var succeeded = false;
            for (var attempt = 1; attempt <= _options.MaxAttempts && !succeeded; attempt++)
            {
                var started = _clock.GetUtcNow();
                autoLock.Update(autoLock.Record with { UnitType = unit.Type, UnitId = unit.Id, UnitStartedAt = started });
                status?.Update(s => s with { State = WorkerStates.Running, CurrentUnit = new UnitRef(unit.Type, unit.Id, started) });
                Emit("unit-start", mid, e => e with { UnitType = unit.Type, UnitId = unit.Id, Title = unit.Title, Attempt = attempt });

                var result = await RunUnitAsync(unit, milestone, failure, stopToken).ConfigureAwait(false);
                var finished = _clock.GetUtcNow();
                var outcome = result.Interrupted ? "interrupted" : result.TimedOut ? "timed-out" : result.Success ? "succeeded" : "failed";
                _ledger.Append(new UnitMetrics(unit.Type, unit.Id, result.Model, started, finished, result.Tokens, result.Cost)
                {
                    Outcome = outcome,
                    Attempt = attempt,
                    SessionId = result.SessionId,
                });

                if (result.Interrupted)
                {
                    // Saved even though we are stopping: the token is already cancelled and the work must not be lost.
                    var wip = await _committer.CommitAsync($"wip({unit.Id}): interrupted", unit.Id, mid, CancellationToken.None).ConfigureAwait(false);
                    Emit("unit-end", mid, e => e with { UnitType = unit.Type, UnitId = unit.Id, Attempt = attempt, Outcome = outcome, Cost = result.Cost, DurationSeconds = (finished - started).TotalSeconds, Commit = wip });
                    return new AutoOutcome(WorkerStates.Stopped, mid, $"stopped during {unit.Id}; its work so far is saved{(wip is null ? " (it had changed nothing)" : $" in {wip[..8]}")}");
                }
                string? commit = null;
                if (result.Success)
                {
                    commit = await _committer.CommitAsync($"feat({unit.Id}): {unit.Title}", unit.Id, mid, CancellationToken.None).ConfigureAwait(false);
                    succeeded = true;
                    completedUnits++;
                }
                else
                {
                    failure = result.FailureText;
                }
                Emit("unit-end", mid, e => e with { UnitType = unit.Type, UnitId = unit.Id, Title = unit.Title, Attempt = attempt, Outcome = outcome, Cost = result.Cost, DurationSeconds = (finished - started).TotalSeconds, Commit = commit, Message = result.Success ? null : ShellCommand.Tail(result.FailureText ?? string.Empty, 5) });
                var done = completedUnits;
                status?.Update(s => s with { CurrentUnit = null, CompletedUnits = done, Cost = _ledger.TotalCost() });
            }
            autoLock.Update(autoLock.Record with { UnitType = null, UnitId = null, UnitStartedAt = null });
            if (!succeeded)
            {
                // Keep whatever the last try produced: nothing an agent wrote is discarded.
                await _committer.CommitAsync($"wip({unit.Id}): blocked after {_options.MaxAttempts} tries", unit.Id, mid, CancellationToken.None).ConfigureAwait(false);
                return new AutoOutcome(WorkerStates.Blocked, mid, $"{unit.Type} {unit.Id} failed {_options.MaxAttempts} times: {ShellCommand.Tail(failure ?? "unknown failure", 10)}");
            }
        }
    }

    private async Task<UnitRunResult> RunUnitAsync(WorkUnit unit, Milestone milestone, string? failure, CancellationToken stopToken)
    {
        if (unit.IsWorkerUnit)
        {
            CompleteByWorker(unit, milestone);
            return UnitRunResult.WorkerDone;
        }
        var prompt = new PromptBuilder(_options.Checkout).Build(unit, milestone, failure);
        var agent = AgentFactory.Create(AgentSettingsFor(_prefs));
        AgentResult agentResult;
        try
        {
            agentResult = await agent.RunAsync(
                new AgentInvocation(_options.Checkout, prompt, unit.Type, unit.Id, milestone.Id, _options.ProjectRoot, _options.Checkout, _options.ParallelWorker ? _paths.LogFile(milestone.Id) : null),
                stopToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopToken.IsCancellationRequested)
        {
            return UnitRunResult.InterruptedResult;
        }
        if (agentResult.Interrupted || stopToken.IsCancellationRequested)
        {
            return UnitRunResult.From(agentResult, success: false, "interrupted") with { Interrupted = true };
        }
        if (agentResult.TimedOut)
        {
            return UnitRunResult.From(agentResult, false, $"The agent did not finish within agent.unit_timeout ({_prefs.Agent.UnitTimeout}) and was stopped.") with { TimedOut = true };
        }
        if (agentResult.ExitCode != 0 || agentResult.IsError)
        {
            return UnitRunResult.From(agentResult, false, $"The agent failed (exit {agentResult.ExitCode}{(agentResult.IsError ? ", reported an error" : string.Empty)}):\n{ShellCommand.Tail(agentResult.ErrorText ?? agentResult.Output)}");
        }
        var reloaded = PlanningLoader.LoadMilestone(_options.Checkout, milestone.Id);
        var doneCheck = await CheckDoneAsync(unit, reloaded, stopToken).ConfigureAwait(false);
        if (doneCheck is not null)
        {
            return UnitRunResult.From(agentResult, false, doneCheck);
        }
        if (unit.Type == UnitTypes.ExecuteTask)
        {
            var task = reloaded.Slices.First(s => s.Id == unit.SliceId).Tasks.First(t => t.Id == unit.TaskId);
            PlanEditor.TickTask(_options.Checkout, milestone.Id, unit.SliceId!, unit.TaskId!);
            PlanEditor.WriteTaskSummary(_options.Checkout, milestone.Id, unit.SliceId!, unit.TaskId!, task.Title, task.Files, SummaryBody(agentResult), _clock.GetUtcNow());
        }
        return UnitRunResult.From(agentResult, true, null);
    }

    /// <summary>The "done when" column of DESIGN §4; null when done, else what is missing (goes into the retry prompt).</summary>
    private async Task<string?> CheckDoneAsync(WorkUnit unit, Milestone m, CancellationToken ct)
    {
        switch (unit.Type)
        {
            case UnitTypes.PlanMilestone:
                if (!m.HasRoadmap)
                {
                    return $"{Rel(PlanningFiles.Roadmap(_options.Checkout, m.Id))} was not written.";
                }
                return m.Slices.Count == 0
                    ? $"{Rel(PlanningFiles.Roadmap(_options.Checkout, m.Id))} has no slice lines of the form ``- [ ] **S01: Title** `risk:low` `depends:[]` ``."
                    : null;
            case UnitTypes.PlanSlice:
            {
                var slice = m.Slices.FirstOrDefault(s => s.Id == unit.SliceId);
                var plan = Rel(PlanningFiles.SlicePlan(_options.Checkout, m.Id, unit.SliceId!));
                if (slice is null || !slice.HasPlan)
                {
                    return $"{plan} was not written.";
                }
                return slice.Tasks.Count == 0 ? $"{plan} has no task lines of the form ``- [ ] **T01: Title** `est:30m` `` under `## Tasks`." : null;
            }
            case UnitTypes.ExecuteTask:
            {
                var task = m.Slices.FirstOrDefault(s => s.Id == unit.SliceId)?.Tasks.FirstOrDefault(t => t.Id == unit.TaskId);
                if (task?.Verify is null)
                {
                    return null;
                }
                var verify = await ShellCommand.RunAsync(task.Verify, _options.Checkout, _prefs.Agent.UnitTimeout, null, ct).ConfigureAwait(false);
                return verify.Success ? null : $"Verification `{task.Verify}` failed (exit {verify.ExitCode}):\n{ShellCommand.Tail(verify.Output)}";
            }
            default:
                return null;
        }
    }

    private void CompleteByWorker(WorkUnit unit, Milestone m)
    {
        var now = _clock.GetUtcNow();
        if (unit.Type == UnitTypes.CompleteSlice)
        {
            var slice = m.Slices.First(s => s.Id == unit.SliceId);
            var tasks = string.Join('\n', slice.Tasks.Select(t => $"- {t.Id}: {t.Title}"));
            PlanEditor.WriteSliceSummary(_options.Checkout, m.Id, slice.Id, slice.Title, $"All {slice.Tasks.Count} tasks done:\n\n{tasks}", now);
            PlanEditor.TickSlice(_options.Checkout, m.Id, slice.Id);
        }
        else
        {
            var slices = string.Join('\n', m.Slices.Select(s => $"- {s.Id}: {s.Title} ({s.Tasks.Count} tasks)"));
            PlanEditor.WriteMilestoneSummary(_options.Checkout, m.Id, m.Title, $"All {m.Slices.Count} slices done:\n\n{slices}", now);
        }
    }

    /// <summary>Pause waits here (alive, heartbeating); stop ends the loop. Returns an outcome only when the worker must end.</summary>
    private async Task<AutoOutcome?> HandleSignalsAsync(string mid, WorkerStatusWriter? status, SignalInbox? inbox, CancellationToken stopToken)
    {
        if (inbox is null)
        {
            return null;
        }
        var paused = false;
        while (true)
        {
            var signal = inbox.Poll();
            if (signal is not null)
            {
                status?.Update(s => s with { SignalSeq = signal.Seq });
                switch (signal.Signal)
                {
                    case Signals.Stop:
                        return new AutoOutcome(WorkerStates.Stopped, mid, $"stopped by {signal.From}");
                    case Signals.Pause:
                        paused = true;
                        status?.Update(s => s with { State = WorkerStates.Paused, CurrentUnit = null });
                        Emit("state", mid, e => e with { State = WorkerStates.Paused, Message = $"paused by {signal.From}" });
                        break;
                    case Signals.Resume:
                        if (paused)
                        {
                            Emit("state", mid, e => e with { State = WorkerStates.Running, Message = $"resumed by {signal.From}" });
                        }
                        paused = false;
                        status?.Update(s => s with { State = WorkerStates.Running });
                        break;
                }
            }
            if (!paused)
            {
                return null;
            }
            if (stopToken.IsCancellationRequested)
            {
                return new AutoOutcome(WorkerStates.Stopped, mid, "stopped while paused");
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), _clock, stopToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new AutoOutcome(WorkerStates.Stopped, mid, "stopped while paused");
            }
        }
    }

    /// <summary>Crash resume: what an interrupted unit left uncommitted is saved as <c>wip(&lt;unit&gt;): interrupted</c>, never discarded.</summary>
    private async Task SaveInterruptedWorkAsync(LockRecord? stale, string mid, CancellationToken ct)
    {
        var pending = await _committer.PendingChangesAsync(mid, ct).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return;
        }
        var unit = stale?.UnitId;
        if (unit is null && !_options.ParallelWorker)
        {
            // In the user's own checkout, changes no gsd unit made are the user's: never sweep them into a commit.
            throw new GsdException(
                $"{_options.Checkout} has uncommitted changes that no interrupted gsd unit made: {string.Join(", ", pending.Take(10))}{(pending.Count > 10 ? ", …" : string.Empty)}. Commit or stash them, then run `gsd auto` again.");
        }
        var label = unit ?? mid;
        var commit = await _committer.CommitAsync($"wip({label}): interrupted", label, mid, ct).ConfigureAwait(false);
        Emit("log", mid, e => e with { UnitId = label, Commit = commit, Message = $"saved {pending.Count} uncommitted change(s) of the interrupted unit {label} as {commit?[..8]}" });
    }

    private Milestone? PickMilestone()
    {
        if (_options.MilestoneLock is { } locked)
        {
            if (!MilestoneId.IsValid(locked))
            {
                throw new GsdException($"GSD_MILESTONE_LOCK={locked} is not a milestone id (M###).", ExitCodes.Usage);
            }
            var m = PlanningLoader.LoadMilestone(_options.Checkout, locked);
            if (m.Status is MilestoneStatus.Ghost)
            {
                throw new GsdException($"{locked}: .gsd/milestones/{locked} has no CONTEXT, ROADMAP or SUMMARY (a ghost directory); nothing to work on.", ExitCodes.Usage);
            }
            return m;
        }
        var project = PlanningLoader.Load(_options.Checkout);
        return project.Milestones.FirstOrDefault(m => m.Status == MilestoneStatus.Ready);
    }

    private WorkerStatus InitialStatus(Milestone m)
    {
        var now = _clock.GetUtcNow();
        return new WorkerStatus
        {
            MilestoneId = m.Id,
            Pid = ProcessIdentity.Current.Pid,
            ProcessStartedAt = ProcessIdentity.Current.StartTicks,
            State = WorkerStates.Starting,
            Progress = ProgressOf(m),
            Cost = _ledger.TotalCost(),
            StartedAt = now,
            LastHeartbeat = now,
            Worktree = _options.Checkout,
            Branch = CurrentBranch(),
            SignalSeq = InitialSignalSeq(m.Id),
        };
    }

    /// <summary>Signals a previous incarnation already handled are not replayed; any sent since (a pause or stop while it was down) are.</summary>
    private long InitialSignalSeq(string mid)
    {
        try
        {
            var previous = JsonFile.Read(_paths.StatusFile(mid), GsdJsonContext.Default.WorkerStatus);
            return previous?.SignalSeq ?? 0;
        }
        catch (GsdException)
        {
            return 0;
        }
    }

    private string? CurrentBranch()
    {
        var head = Path.Combine(_options.Checkout, ".git");
        try
        {
            var gitFile = File.Exists(head) ? File.ReadAllText(head).Trim() : null;
            var headPath = gitFile is not null && gitFile.StartsWith("gitdir:", StringComparison.Ordinal)
                ? Path.Combine(Path.GetFullPath(gitFile[7..].Trim(), _options.Checkout), "HEAD")
                : Path.Combine(head, "HEAD");
            var text = File.ReadAllText(headPath).Trim();
            return text.StartsWith("ref: refs/heads/", StringComparison.Ordinal) ? text[16..] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static Progress ProgressOf(Milestone m) => new(m.SlicesDone, m.SlicesTotal, m.TasksDone, m.TasksTotal);

    private static string SummaryBody(AgentResult r)
    {
        var text = r.Output.Trim();
        if (text.Length > 4000)
        {
            text = text[..4000] + "…";
        }
        return text.Length == 0 ? "Completed by the agent; verification passed." : text;
    }

    internal static AgentSettings AgentSettingsFor(GsdPreferences prefs) =>
        new(prefs.Agent.Kind, prefs.Agent.Command, prefs.Agent.Model, prefs.Agent.Args, prefs.Agent.UnitTimeout, null);

    private string Rel(string path) => Path.GetRelativePath(_options.Checkout, path);

    private void Emit(string kind, string? mid, Func<AutoEvent, AutoEvent> fill) =>
        _report(fill(new AutoEvent(kind, _clock.GetUtcNow(), mid)));
}
