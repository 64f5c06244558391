using Gsd.Agents;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Processes;
using Gsd.Protocol;

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
        var lockPath = GsdPaths.AutoLockFile(_options.Checkout);
        using var autoLock = PidLock.TryAcquire(lockPath, _clock, out var holder)
            ?? throw new GsdException($"Another gsd worker (pid {holder!.Pid}) is running in {_options.Checkout} (lock {lockPath}). Stop it first, or wait for it to finish.");
        var milestone = PickMilestone();
        if (milestone is null)
        {
            Emit("end", null, e => e with { Outcome = "idle", Message = "No eligible milestones: every milestone is complete, parked, a ghost, or waiting for dependencies. See `gsd queue`." });
            return new AutoOutcome(null, null, "No eligible milestones");
        }
        var mid = milestone.Id;

        await using var status = _options.ParallelWorker
            ? new WorkerStatusWriter(_paths.StatusFile(mid), InitialStatus(milestone), _options.Timings.Heartbeat, _clock, _options.Warnings)
            : null;
        AutoOutcome outcome;
        var stopping = stopToken.Register(() => status?.Update(s => s with { State = WorkerState.Stopping }));
        try
        {
            // Checked before any unit runs: a missing agent is a configuration error (exit 2), not a failing unit.
            var agent = AgentFactory.Create(AgentSettingsFor(_prefs));
            if (autoLock.PreviousStale is { } stale)
            {
                Emit("log", mid, e => e with { UnitId = stale.UnitId, Message = $"took over {lockPath} from pid {stale.Pid}, which is no longer running{(stale.UnitId is null ? string.Empty : $" (it was in {stale.UnitType} {stale.UnitId})")}" });
            }
            var recovery = new CrashRecovery(_options, _committer, _clock, (message, commit) => Emit("log", mid, e => e with { Commit = commit, Message = message }));
            await recovery.RecoverAsync(autoLock.PreviousStale, mid).ConfigureAwait(false);

            var watch = _options.ParallelWorker
                ? new SignalWatch(new SignalInbox(_paths.SignalFile(mid), InitialSignalSeq(mid)), s => OnSignal(mid, s, status))
                : null;
            var soloBaseline = _ledger.TotalCost();
            var budget = new BudgetGuard(
                _prefs.Parallel.BudgetCeiling,
                _options.ParallelWorker
                    ? () => BudgetGuard.RunSpend(_paths, mid, _ledger.TotalCost())
                    : () => _ledger.TotalCost() - soloBaseline);
            // Solo or parallel, the agent's output goes to the milestone's agent log (`gsd parallel logs` renders it).
            var runner = new UnitRunner(_options, _prefs, agent, _paths.AgentLogFile(mid), _clock);
            Emit("start", mid, e => e with { Title = milestone.Title, Message = $"working {mid}: {milestone.Title} in {_options.Checkout}" });

            outcome = await LoopAsync(mid, runner, agent.Kind, autoLock, status, watch, budget, stopToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (status is not null && ex is not OperationCanceledException)
        {
            await stopping.DisposeAsync().ConfigureAwait(false);
            status.Update(s => s with { State = WorkerState.Error, CurrentUnit = null, AgentPid = null, Activity = null, UnitCostSoFar = null, Error = ex.Message });
            throw;
        }
        // No late SIGTERM may turn the final state back into `stopping`.
        await stopping.DisposeAsync().ConfigureAwait(false);
        status?.Update(s => s with { State = outcome.State ?? s.State, CurrentUnit = null, AgentPid = null, Activity = null, UnitCostSoFar = null, Error = outcome.Reason, Cost = _ledger.TotalCost(), Progress = ProgressOf(PlanningLoader.LoadMilestone(_options.Checkout, mid)) });
        Emit("end", mid, e => e with { Outcome = outcome.State?.Name(), Message = outcome.Reason });
        return outcome;
    }

    private async Task<AutoOutcome> LoopAsync(string mid, UnitRunner runner, string agentKind, PidLock autoLock, WorkerStatusWriter? status, SignalWatch? watch, BudgetGuard budget, CancellationToken stopToken)
    {
        var completedUnits = CompletedUnitsSoFar(mid);
        while (true)
        {
            var between = await BetweenUnitsAsync(mid, status, watch, stopToken).ConfigureAwait(false);
            if (between is not null)
            {
                return between;
            }
            var milestone = PlanningLoader.LoadMilestone(_options.Checkout, mid);
            status?.Update(s => s with { Progress = ProgressOf(milestone), Cost = _ledger.TotalCost(), State = WorkerState.Running });
            var unit = UnitPlanner.Next(milestone);
            if (unit is null)
            {
                return new AutoOutcome(WorkerState.Complete, mid, null);
            }
            var decision = budget.Check();
            if (!decision.MayStart)
            {
                return new AutoOutcome(WorkerState.Stopped, mid, $"Budget ceiling reached: {decision.Describe()}; no new unit was started.");
            }

            string? failure = null;
            var succeeded = false;
            for (var attempt = 1; attempt <= _options.MaxAttempts && !succeeded; attempt++)
            {
                var started = _clock.GetUtcNow();
                autoLock.Update(autoLock.Record with { UnitType = unit.Type, UnitId = unit.Id, UnitStartedAt = started, AgentPid = null, AgentStartedAt = null });
                // A pause read during an earlier try still holds: the retry is the unit it finishes first.
                status?.Update(s => s with { State = watch?.PausePending == true ? WorkerState.Pausing : WorkerState.Running, CurrentUnit = new UnitRef(unit.Type, unit.Id, started), Activity = null, UnitCostSoFar = unit.IsWorkerUnit ? null : 0m });
                var tryNumber = attempt;
                if (!unit.IsWorkerUnit)
                {
                    AgentLogMarkers.Started(_paths.AgentLogFile(mid), started, agentKind, unit.Type, unit.Id, attempt);
                }
                Emit("unit-start", mid, e => e with { UnitType = unit.Type, UnitId = unit.Id, Title = unit.Title, Attempt = tryNumber });

                var result = await RunWatchedAsync(runner, unit, milestone, failure, autoLock, status, watch, stopToken).ConfigureAwait(false);
                var finished = _clock.GetUtcNow();
                autoLock.Update(autoLock.Record with { AgentPid = null, AgentStartedAt = null });
                var outcome = result.Interrupted ? "interrupted" : result.TimedOut ? "timed-out" : result.Success ? "succeeded" : "failed";
                _ledger.Append(new UnitMetrics(unit.Type, unit.Id, result.Model, started, finished, result.Tokens, result.Cost)
                {
                    Outcome = outcome,
                    Attempt = attempt,
                    SessionId = result.SessionId,
                    CostEstimated = result.CostEstimated ? true : null,
                });
                if (!unit.IsWorkerUnit)
                {
                    AgentLogMarkers.Ended(_paths.AgentLogFile(mid), finished, unit.Id, attempt, outcome, result.Cost, result.CostEstimated, result.Success ? null : result.FailureText);
                }

                if (result.Interrupted)
                {
                    // Saved even though we are stopping: the token is already cancelled and the work must not be lost.
                    var wip = await _committer.CommitAsync($"wip({unit.Id}): interrupted", unit.Id, mid, CancellationToken.None).ConfigureAwait(false);
                    Emit("unit-end", mid, e => e with { UnitType = unit.Type, UnitId = unit.Id, Attempt = tryNumber, Outcome = outcome, Cost = result.Cost, DurationSeconds = (finished - started).TotalSeconds, Commit = wip });
                    var by = watch?.StopSignal is { } stop ? $"by {stop.From}" : "by a termination signal";
                    return new AutoOutcome(WorkerState.Stopped, mid, $"stopped {by} during {unit.Type} {unit.Id}; its work so far is saved{(wip is null ? " (it had changed nothing)" : $" in {wip[..8]}")}");
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
                Emit("unit-end", mid, e => e with { UnitType = unit.Type, UnitId = unit.Id, Title = unit.Title, Attempt = tryNumber, Outcome = outcome, Cost = result.Cost, DurationSeconds = (finished - started).TotalSeconds, Commit = commit, Message = result.Success ? null : ShellCommand.Tail(result.FailureText ?? string.Empty, 5) });
                var done = completedUnits;
                // Progress is what the plan says is done now, so a worker that pauses after this unit shows it counted.
                var progress = ProgressOf(PlanningLoader.LoadMilestone(_options.Checkout, mid));
                status?.Update(s => s with { CurrentUnit = null, AgentPid = null, Activity = null, UnitCostSoFar = null, CompletedUnits = done, Cost = _ledger.TotalCost(), Progress = progress });
            }
            autoLock.Update(autoLock.Record with { UnitType = null, UnitId = null, UnitStartedAt = null });
            if (!succeeded)
            {
                // Keep whatever the last try produced: nothing an agent wrote is discarded.
                await _committer.CommitAsync($"wip({unit.Id}): blocked after {_options.MaxAttempts} tries", unit.Id, mid, CancellationToken.None).ConfigureAwait(false);
                return new AutoOutcome(WorkerState.Blocked, mid, $"{unit.Type} {unit.Id} failed {_options.MaxAttempts} times: {ShellCommand.Tail(failure ?? "unknown failure", 10)}");
            }
        }
    }

    /// <summary>Runs one try while the signal file is watched: a stop signal cancels it like SIGTERM does.</summary>
    private async Task<UnitRunResult> RunWatchedAsync(UnitRunner runner, WorkUnit unit, Milestone milestone, string? failure, PidLock autoLock, WorkerStatusWriter? status, SignalWatch? watch, CancellationToken stopToken)
    {
        using var unitStop = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        using var watching = new CancellationTokenSource();
        var watcher = watch?.WatchAsync(unitStop, _options.Timings.SignalPoll, _clock, watching.Token) ?? Task.CompletedTask;
        try
        {
            return await runner.RunAsync(unit, milestone, failure, pid => AgentStarted(pid, autoLock, status), AgentProgressed(status), unitStop.Token).ConfigureAwait(false);
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(false);
        }
    }

    /// <summary>Recorded in the lock (so a successor can stop an agent a crash orphaned) and in the status (for `gsd parallel stop`).</summary>
    private static void AgentStarted(int pid, PidLock autoLock, WorkerStatusWriter? status)
    {
        if (ProcessIdentity.ReadStartTicks(pid) is { } ticks)
        {
            autoLock.Update(autoLock.Record with { AgentPid = pid, AgentStartedAt = ticks });
        }
        status?.Update(s => s with { AgentPid = pid });
    }

    /// <summary>The agent's activity and cost so far into the status file, throttled: a busy agent streams many events a second.</summary>
    private static Action<AgentProgress>? AgentProgressed(WorkerStatusWriter? status) =>
        status is null ? null : p => status.UpdateSoon(s => s.CurrentUnit is null ? s : s with { Activity = p.Activity, UnitCostSoFar = p.Cost });

    private void OnSignal(string mid, WorkerSignal signal, WorkerStatusWriter? status)
    {
        status?.Update(s => s with
        {
            SignalSeq = signal.Seq,
            State = signal.Signal switch
            {
                Signals.Stop when WorkerStates.IsLive(s.State) => WorkerState.Stopping,
                // Read mid-unit: it pauses once the unit is done (between units it writes paused at once).
                Signals.Pause when s.State == WorkerState.Running => WorkerState.Pausing,
                Signals.Resume when s.State == WorkerState.Pausing => WorkerState.Running,
                _ => s.State,
            },
        });
        Emit("log", mid, e => e with { Message = $"received {signal.Signal} (seq {signal.Seq}) from {signal.From}" });
    }

    /// <summary>Pause waits here (alive, heartbeating); a stop ends the loop. Returns an outcome only when the worker must end.</summary>
    private async Task<AutoOutcome?> BetweenUnitsAsync(string mid, WorkerStatusWriter? status, SignalWatch? watch, CancellationToken stopToken)
    {
        watch?.Poll();
        var paused = false;
        while (true)
        {
            if (watch?.StopSignal is { } stop)
            {
                return new AutoOutcome(WorkerState.Stopped, mid, $"stopped by {stop.From}");
            }
            if (stopToken.IsCancellationRequested)
            {
                return new AutoOutcome(WorkerState.Stopped, mid, paused ? "stopped by a termination signal while paused" : "stopped by a termination signal");
            }
            if (watch is null || !watch.PausePending)
            {
                if (paused)
                {
                    status?.Update(s => s with { State = WorkerState.Running });
                    Emit("state", mid, e => e with { State = WorkerState.Running.Name(), Message = "resumed" });
                }
                return null;
            }
            if (!paused)
            {
                paused = true;
                status?.Update(s => s with { State = WorkerState.Paused, CurrentUnit = null, AgentPid = null });
                Emit("state", mid, e => e with { State = WorkerState.Paused.Name(), Message = "paused; `gsd parallel resume` goes on" });
            }
            try
            {
                await Task.Delay(_options.Timings.SignalPoll, _clock, stopToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Checked at the top of the loop.
            }
            watch.Poll();
        }
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
                throw new GsdException($"GSD_MILESTONE_LOCK={locked}: .gsd/milestones/{locked} has no CONTEXT, ROADMAP or SUMMARY (a ghost directory); nothing to work on.", ExitCodes.Usage);
            }
            if (m.Status is MilestoneStatus.Parked)
            {
                throw new GsdException($"GSD_MILESTONE_LOCK={locked}: {locked} is parked (.gsd/milestones/{locked}/{locked}-PARKED.md exists); remove that file to work on it.", ExitCodes.Usage);
            }
            return m;
        }
        var project = PlanningLoader.Load(_options.Checkout);
        return project.Milestones.FirstOrDefault(m => m.Status == MilestoneStatus.Ready);
    }

    private int CompletedUnitsSoFar(string mid) =>
        _ledger.Read().Units.Count(u => u.Outcome == "succeeded" && (u.Id == mid || u.Id.StartsWith(mid + "/", StringComparison.Ordinal)));

    private WorkerStatus InitialStatus(Milestone m)
    {
        var now = _clock.GetUtcNow();
        return new WorkerStatus
        {
            MilestoneId = m.Id,
            Pid = ProcessIdentity.Current.Pid,
            ProcessStartedAt = ProcessIdentity.Current.StartTicks,
            State = WorkerState.Starting,
            Progress = ProgressOf(m),
            Cost = _ledger.TotalCost(),
            CompletedUnits = CompletedUnitsSoFar(m.Id),
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

    internal static AgentSettings AgentSettingsFor(GsdPreferences prefs) =>
        new(prefs.Agent.Kind, prefs.Agent.Command, prefs.Agent.Model, prefs.Agent.Args, prefs.Agent.UnitTimeout, null);

    private void Emit(string kind, string? mid, Func<AutoEvent, AutoEvent> fill) =>
        _report(fill(new AutoEvent(kind, _clock.GetUtcNow(), mid)));
}
