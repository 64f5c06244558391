using Gsd.Git;
using Gsd.Agents;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Reports;

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
    private AgentRecord? _agentRecord;

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
        var (milestone, owned) = await PickMilestoneAsync(stopToken).ConfigureAwait(false);
        if (milestone is null)
        {
            var others = owned.Count == 0 ? string.Empty : $" Left to their owners: {string.Join("; ", owned.Select(o => o.Refusal))}.";
            Emit("end", null, e => e with { Outcome = "idle", Message = "No eligible milestones: every milestone is complete, parked, a ghost, waiting for dependencies, or owned elsewhere. See `gsd queue`." + others });
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
            var agent = AgentFactory.Create(_options.AgentPreferencesFile is { } file ? AgentSettingsFor(_prefs) with { PreferencesFile = file } : AgentSettingsFor(_prefs));
            await CheckoutProbe.RequireReadyForUnitsAsync(_options.Checkout, stopToken).ConfigureAwait(false);
            if (autoLock.PreviousStale is { } stale)
            {
                Emit("log", mid, e => e with { UnitId = stale.UnitId, Message = $"took over {lockPath} from pid {stale.Pid}, which is no longer running{(stale.UnitId is null ? string.Empty : $" (it was in {stale.UnitType} {stale.UnitId})")}" });
            }
            // The agent record outlives auto.lock (doctor may have removed a stale lock): an agent a killed worker left
            // running for this milestone is stopped before anything else touches the checkout.
            if (await OrphanedAgent.StopAsync(_paths, mid, _clock).ConfigureAwait(false) is { } orphan)
            {
                Emit("log", mid, e => e with { Message = orphan });
            }
            var recovery = new CrashRecovery(_options, _committer, _clock, (message, commit) => Emit("log", mid, e => e with { Commit = commit, Message = message }));
            await recovery.RecoverAsync(autoLock.PreviousStale, mid).ConfigureAwait(false);

            var watch = _options.ParallelWorker
                ? new SignalWatch(new SignalInbox(_paths.SignalFile(mid), InitialSignalSeq(mid), _options.RunId), s => OnSignal(mid, s, status))
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
            if (await _committer.RunDeferredMaintenanceAsync(CancellationToken.None).ConfigureAwait(false) is { } housekeeping)
            {
                Emit("log", mid, e => e with { Message = housekeeping });
            }
            if (outcome.State == WorkerState.Complete)
            {
                await WriteReportAsync(mid).ConfigureAwait(false);
            }
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
            var waits = new AgentWaits(_options.Timings, _prefs.Agent.TransientRetryFor);
            for (var attempt = 1; attempt <= _options.MaxAttempts && !succeeded; attempt++)
            {
                if (await HoldAsync(mid, agentKind, status, watch, stopToken).ConfigureAwait(false) is { } held)
                {
                    return held;
                }
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
                // The lock keeps naming the ended agent until the unit's record is cleared (one write per unit fewer): a
                // reader checks pid and start time, so a dead agent is never taken for a live one.
                AgentEnded();
                var outcome = result.Interrupted ? "interrupted" : result.TimedOut ? "timed-out" : result.Success ? "succeeded" : "failed";
                _ledger.Append(new UnitMetrics(unit.Type, unit.Id, result.Model, started, finished, result.Tokens, result.Cost)
                {
                    Outcome = outcome,
                    Attempt = attempt,
                    SessionId = result.SessionId,
                    Failure = result.Success ? null : ShellCommand.Tail(result.FailureText ?? outcome, 20),
                    CostUnknown = result.CostUnknown ? true : null,
                    FailureClass = result.FailureClassName,
                    CostEstimated = result.CostEstimated ? true : null,
                });
                status?.Update(s => s with { PermissionDenials = result.PermissionDenials.Count == 0 ? null : result.PermissionDenials });
                if (result.PermissionDenials.Count > 0)
                {
                    Emit("log", mid, e => e with { UnitId = unit.Id, Message = $"the agent was denied: {string.Join("; ", result.PermissionDenials)} (agent.allowed_tools / agent.permission_mode)" });
                }
                if (!unit.IsWorkerUnit)
                {
                    AgentLogMarkers.Ended(_paths.AgentLogFile(mid), finished, unit.Id, attempt, outcome, result.Cost, result.CostEstimated, result.Success ? null : result.FailureText);
                }

                if (result.Interrupted)
                {
                    // Saved even though we are stopping: the token is already cancelled and the work must not be lost.
                    var wip = await _committer.CommitAsync($"wip({unit.Id}): interrupted", unit.Id, mid, CancellationToken.None).ConfigureAwait(false);
                    Emit("unit-end", mid, e => e with { UnitType = unit.Type, UnitId = unit.Id, Attempt = tryNumber, Outcome = outcome, Cost = result.Cost, CostUnknown = result.CostUnknown ? true : null, DurationSeconds = (finished - started).TotalSeconds, Commit = wip });
                    var by = watch?.StopSignal is { } stop ? $"by {stop.From}" : "by a termination signal";
                    return new AutoOutcome(WorkerState.Stopped, mid, $"stopped {by} during {unit.Type} {unit.Id}; its work so far is saved{(wip is null ? " (it had changed nothing)" : $" in {wip[..8]}")}");
                }
                string? commit = null;
                TimeSpan? freeRetryAfter = null;
                if (result.Success)
                {
                    commit = await _committer.CommitAsync($"feat({unit.Id}): {unit.Title}", unit.Id, mid, CancellationToken.None).ConfigureAwait(false);
                    succeeded = true;
                    completedUnits++;
                }
                else if (result.AgentFailure is { Class: AgentFailureClass.Permanent } permanent)
                {
                    // Retrying cannot help, here or in any other worker on this agent.
                    WriteHold(new AgentHold(agentKind, AgentHold.Permanent, null, permanent.Message, mid, finished));
                    Emit("unit-end", mid, e => e with { UnitType = unit.Type, UnitId = unit.Id, Title = unit.Title, Attempt = tryNumber, Outcome = outcome, Cost = result.Cost, DurationSeconds = (finished - started).TotalSeconds, Message = permanent.Message });
                    autoLock.Update(NoUnit(autoLock.Record));
                    await _committer.CommitAsync($"wip({unit.Id}): blocked, the agent cannot run", unit.Id, mid, CancellationToken.None).ConfigureAwait(false);
                    return new AutoOutcome(WorkerState.Blocked, mid, $"{agentKind} cannot run (a permanent failure; retrying cannot help): {permanent.Message}");
                }
                else if (result.AgentFailure is { Class: AgentFailureClass.RateLimit } limit)
                {
                    var until = limit.ResetsAt is { } reset && reset > finished ? reset : finished + waits.NextRateLimit();
                    WriteHold(new AgentHold(agentKind, AgentHold.RateLimit, until, limit.Message, mid, finished));
                    freeRetryAfter = until - finished;
                }
                else if (result.AgentFailure is { Class: AgentFailureClass.Transient } && waits.TransientAllowed(finished) is { } backoff)
                {
                    freeRetryAfter = backoff;
                }
                else
                {
                    failure = result.FailureText;
                }
                Emit("unit-end", mid, e => e with { UnitType = unit.Type, UnitId = unit.Id, Title = unit.Title, Attempt = tryNumber, Outcome = outcome, Cost = result.Cost, CostUnknown = result.CostUnknown ? true : null, DurationSeconds = (finished - started).TotalSeconds, Commit = commit, Message = result.Success ? null : ShellCommand.Tail(result.FailureText ?? string.Empty, 5) });
                var done = completedUnits;
                if (status is not null)
                {
                    // Progress is what the plan says is done now, so a worker that pauses after this unit shows it counted.
                    var progress = ProgressOf(PlanningLoader.LoadMilestone(_options.Checkout, mid));
                    status.Update(s => s with { CurrentUnit = null, AgentPid = null, Activity = null, UnitCostSoFar = null, CompletedUnits = done, Cost = _ledger.TotalCost(), CostUnknown = _ledger.CostUnknown(), Progress = progress });
                }
                if (freeRetryAfter is { } wait)
                {
                    // A usage limit or a transient provider error is not the unit's fault: wait, and the retry spends no try.
                    var reason = result.AgentFailure!.Message;
                    if (await WaitAsync(mid, _clock.GetUtcNow() + wait, $"{result.FailureClassName}: {reason}", status, watch, stopToken).ConfigureAwait(false) is { } stopped)
                    {
                        autoLock.Update(NoUnit(autoLock.Record));
                        return stopped;
                    }
                    attempt--;
                }
            }
            autoLock.Update(NoUnit(autoLock.Record));
            if (!succeeded)
            {
                // Keep whatever the last try produced: nothing an agent wrote is discarded.
                await _committer.CommitAsync($"wip({unit.Id}): blocked after {_options.MaxAttempts} tries", unit.Id, mid, CancellationToken.None).ConfigureAwait(false);
                return new AutoOutcome(WorkerState.Blocked, mid, $"{unit.Type} {unit.Id} failed {_options.MaxAttempts} times: {ShellCommand.Tail(failure ?? "unknown failure", 10)}");
            }
        }
    }

    /// <summary>The milestone's HTML report (ARCHITECTURE §11), in the project root; a report that cannot be written is a warning, never a failed run.</summary>
    private async Task WriteReportAsync(string mid)
    {
        // A worker run by hand in a milestone worktree has no GSD_PROJECT_ROOT: its report still goes to the main project.
        string root;
        try
        {
            root = MainProjectRoot.Find(_options.ProjectRoot);
        }
        catch (GsdException)
        {
            root = _options.ProjectRoot;
        }
        var (path, error) = await new ReportWriter(root, _clock).TryWriteAsync(mid, _options.Checkout).ConfigureAwait(false);
        Emit("log", mid, e => e with { Message = path is null ? $"warning: {error}" : $"report written to {GsdPaths.Relative(root, path)}" });
    }

    /// <summary>
    /// Before each try of a parallel worker: another worker's usage limit on the same agent makes this one wait for the
    /// reset; a permanent failure blocks it at once. Returns an outcome only when the worker must end.
    /// </summary>
    private async Task<AutoOutcome?> HoldAsync(string mid, string agentKind, WorkerStatusWriter? status, SignalWatch? watch, CancellationToken stopToken)
    {
        if (!_options.ParallelWorker || AgentHold.Read(_paths.AgentHoldFile) is not { } hold || !hold.Holds(agentKind, _clock.GetUtcNow()))
        {
            return null;
        }
        if (hold.FailureClass == AgentHold.Permanent)
        {
            return new AutoOutcome(WorkerState.Blocked, mid, $"{agentKind} cannot run (a permanent failure {(hold.MilestoneId == mid ? "" : $"{hold.MilestoneId}'s worker hit")}; retrying cannot help): {hold.Reason}");
        }
        Emit("log", mid, e => e with { Message = $"{agentKind} is held by {hold.MilestoneId}'s usage limit until {hold.Until:u}" });
        return await WaitAsync(mid, hold.Until!.Value, $"rate-limit: {hold.Reason}", status, watch, stopToken).ConfigureAwait(false);
    }

    private void WriteHold(AgentHold hold)
    {
        if (_options.ParallelWorker)
        {
            AgentHold.Write(_paths.AgentHoldFile, hold);
        }
    }

    /// <summary>State <c>waiting</c> until <paramref name="until"/>, heartbeating and reading signals; a stop ends the wait and the worker.</summary>
    private async Task<AutoOutcome?> WaitAsync(string mid, DateTimeOffset until, string reason, WorkerStatusWriter? status, SignalWatch? watch, CancellationToken stopToken)
    {
        status?.Update(s => s with { State = WorkerState.Waiting, CurrentUnit = null, AgentPid = null, WaitingUntil = until, WaitReason = reason });
        Emit("state", mid, e => e with { State = WorkerState.Waiting.Name(), WaitingUntil = until, Message = $"waiting until {until.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z ({reason}); no try is spent" });
        while (true)
        {
            watch?.Poll();
            if (watch?.StopSignal is { } stop)
            {
                return new AutoOutcome(WorkerState.Stopped, mid, $"stopped by {stop.From} while waiting");
            }
            if (stopToken.IsCancellationRequested)
            {
                return new AutoOutcome(WorkerState.Stopped, mid, "stopped by a termination signal while waiting");
            }
            var left = until - _clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                break;
            }
            try
            {
                await Task.Delay(left < _options.Timings.SignalPoll ? left : _options.Timings.SignalPoll, _clock, stopToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Checked at the top of the loop.
            }
        }
        status?.Update(s => s with { State = watch?.PausePending == true ? WorkerState.Pausing : WorkerState.Running, WaitingUntil = null, WaitReason = null });
        Emit("state", mid, e => e with { State = WorkerState.Running.Name(), Message = "done waiting; retrying the unit" });
        return null;
    }

    /// <summary>Runs one try while the signal file is watched: a stop signal cancels it like SIGTERM does.</summary>
    private async Task<UnitRunResult> RunWatchedAsync(UnitRunner runner, WorkUnit unit, Milestone milestone, string? failure, PidLock autoLock, WorkerStatusWriter? status, SignalWatch? watch, CancellationToken stopToken)
    {
        using var unitStop = CancellationTokenSource.CreateLinkedTokenSource(stopToken);
        using var watching = new CancellationTokenSource();
        var watcher = watch?.WatchAsync(unitStop, _options.Timings.SignalPoll, _clock, watching.Token) ?? Task.CompletedTask;
        try
        {
            return await runner.RunAsync(unit, milestone, failure, pid => AgentStarted(pid, milestone.Id, unit.Id, autoLock, status), AgentProgressed(status), unitStop.Token).ConfigureAwait(false);
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await watcher.ConfigureAwait(false);
        }
    }

    /// <summary>The lock's record between units: nothing interrupted, no agent.</summary>
    private static LockRecord NoUnit(LockRecord record) =>
        record with { UnitType = null, UnitId = null, UnitStartedAt = null, AgentPid = null, AgentStartedAt = null };

    /// <summary>
    /// Recorded in the lock and in <c>.gsd/parallel/&lt;MID&gt;.agent.json</c> (so a successor or doctor can stop an agent a
    /// crash orphaned, even after the lock is gone) and in the status (for `gsd parallel stop`).
    /// </summary>
    private void AgentStarted(int pid, string mid, string unitId, PidLock autoLock, WorkerStatusWriter? status)
    {
        if (ProcessIdentity.ReadStartTicks(pid) is { } ticks)
        {
            autoLock.Update(autoLock.Record with { AgentPid = pid, AgentStartedAt = ticks });
            var me = ProcessIdentity.Current;
            // Agents lead their own group (setsid); one that already exited has none left to read.
            var record = new AgentRecord(mid, pid, ticks, ProcessGroup.Of(pid) ?? pid, me.Pid, me.StartTicks, unitId, _options.Checkout, _clock.GetUtcNow());
            try
            {
                AgentRecordStore.Write(_paths, record);
                _agentRecord = record;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _options.Warnings.WriteLine($"warning: could not record the agent in {_paths.AgentFile(mid)}: {ex.Message}");
            }
        }
        status?.Update(s => s with { AgentPid = pid });
    }

    /// <summary>The agent of the try is gone (the runner waits for its whole group): its record goes too.</summary>
    private void AgentEnded()
    {
        if (_agentRecord is { } record)
        {
            _agentRecord = null;
            AgentRecordStore.Remove(_paths, record);
        }
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

    /// <summary>
    /// The milestone to work, and those a solo run left to their owners. A parallel worker was given its milestone; a solo
    /// one never takes a milestone a live worker owns or one complete on an unmerged branch (<see cref="MilestoneOwnership"/>),
    /// and refuses one named explicitly, saying who owns it.
    /// </summary>
    private async Task<(Milestone? Milestone, IReadOnlyList<MilestoneOwner> Owned)> PickMilestoneAsync(CancellationToken ct)
    {
        if (_options.ParallelWorker)
        {
            return (PickMilestone(), []);
        }
        var ownership = new MilestoneOwnership(_options.ProjectRoot, _options.Checkout);
        if (_options.MilestoneLock is not null)
        {
            var candidate = PickMilestone();
            return candidate is not null && await ownership.FindAsync(candidate, ct).ConfigureAwait(false) is { KeepsAutoAway: true } owner
                ? throw new GsdException($"Refusing to run {owner.Refusal}.", ExitCodes.Failure)
                : (candidate, []);
        }
        var owned = new List<MilestoneOwner>();
        foreach (var m in PlanningLoader.Load(_options.Checkout).Milestones.Where(m => m.Status == MilestoneStatus.Ready))
        {
            if (await ownership.FindAsync(m, ct).ConfigureAwait(false) is { KeepsAutoAway: true } owner)
            {
                owned.Add(owner);
                continue;
            }
            return (m, owned);
        }
        return (null, owned);
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
            if (m.UnreadableDependencies is { } unreadable)
            {
                throw new GsdException($"GSD_MILESTONE_LOCK={locked}: {locked} is blocked: its dependencies cannot be read ({unreadable}). Fix the file, then run it again.");
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
            RunId = _options.RunId,
            Pid = ProcessIdentity.Current.Pid,
            ProcessStartedAt = ProcessIdentity.Current.StartTicks,
            State = WorkerState.Starting,
            Progress = ProgressOf(m),
            Cost = _ledger.TotalCost(),
            CostUnknown = _ledger.CostUnknown(),
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
        new(prefs.Agent.Kind, prefs.Agent.Command, prefs.Agent.Model, prefs.Agent.Args, prefs.Agent.UnitTimeout, null)
        {
            PermissionMode = prefs.Agent.PermissionMode,
            AllowedTools = prefs.Agent.AllowedTools,
        };

    private void Emit(string kind, string? mid, Func<AutoEvent, AutoEvent> fill) =>
        _report(fill(new AutoEvent(kind, _clock.GetUtcNow(), mid)));
}
