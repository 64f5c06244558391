using System.Globalization;
using Gsd.Git;
using Gsd.Layout;
using Gsd.Merge;
using Gsd.Planning;
using Gsd.Preferences;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Parallel;

/// <summary>
/// The background coordinator of one parallel run. Each tick it reads the workers' status files, marks dead ones
/// crashed and restarts them (up to parallel.max_restarts) from their branch, enforces the budget ceiling, starts the
/// next eligible milestone when a slot frees, merges completed ones under auto_merge: auto, and exits when nothing
/// runs or can start. It only talks to workers through files in .gsd/parallel/.
/// </summary>
public sealed class Coordinator
{
    private readonly ParallelPaths _paths;
    private readonly GsdPreferences _prefs;
    private readonly TimeProvider _clock;
    private readonly EventLog _events;
    private readonly WorktreeProvisioner _provisioner;
    private readonly IMilestoneMerger? _merger;
    private readonly IWorkerStarter _starter;
    private readonly Timings _timings;
    private readonly SignalInbox _signals;
    private CoordinatorState _state;
    private readonly Dictionary<string, int> _unitsSeen = new(StringComparer.Ordinal);
    private bool _predictionDue;
    private string? _waiting;
    private readonly bool _resumed;

    public Coordinator(ParallelPaths paths, GsdPreferences prefs, TimeProvider clock, EventLog events, IMilestoneMerger? merger, IWorkerStarter starter, Timings timings)
    {
        _paths = paths;
        _prefs = prefs;
        _clock = clock;
        _events = events;
        _merger = merger;
        _starter = starter;
        _timings = timings;
        _provisioner = new WorktreeProvisioner(paths, prefs);
        var me = ProcessIdentity.Current;
        var previous = CoordinatorStateStore.TryRead(paths);
        var resumed = previous is not null && previous.ExitReason is null;
        _resumed = resumed;
        var now = clock.GetUtcNow();
        var config = new RunConfig(prefs.Parallel.MaxWorkers, prefs.Parallel.BudgetCeiling, Name(prefs.Parallel.AutoMerge), Name(prefs.Parallel.MergeStrategy), prefs.Parallel.MaxRestarts);
        // Run-wide signals written before this coordinator existed (a `stop` sent to an earlier run) are not replayed:
        // starting a run is the newer instruction.
        var signalSeq = Math.Max(previous?.SignalSeq ?? 0, SignalSender.LastSentToCoordinator(paths)?.Seq ?? 0);
        _state = new CoordinatorState
        {
            Pid = me.Pid,
            ProcessStartedAt = me.StartTicks,
            RunId = resumed ? previous!.RunId : now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture),
            StartedAt = now,
            LastHeartbeat = now,
            Config = config,
            // A coordinator that died mid-run leaves its run behind: keep it, so live workers are adopted, not duplicated.
            // From a finished run only what must not start again as new carries over (unmerged, conflicting, failed merges).
            Milestones = resumed
                ? new(previous!.Milestones, StringComparer.Ordinal)
                : ParallelStarter.CarriedOver(previous) ?? new(StringComparer.Ordinal),
            RetiredCost = resumed ? previous!.RetiredCost : 0,
            SignalSeq = signalSeq,
        };
        _signals = new SignalInbox(paths.CoordinatorSignalFile, signalSeq, _state.RunId);
    }


    public CoordinatorState State => _state;

    /// <summary>Runs until nothing runs or can start. <paramref name="initial"/> are started first (already confirmed by the user).</summary>
    public async Task<CoordinatorState> RunAsync(IReadOnlyList<string> initial, CancellationToken ct)
    {
        using var coordinatorLock = PidLock.TryAcquire(_paths.CoordinatorLock, _clock, out var holder)
            ?? throw new GsdException($"A coordinator (pid {holder!.Pid}) is already running for this project. See `gsd parallel status`.");
        await RecordPreferencesAsync().ConfigureAwait(false);
        Save();
        if (!_resumed)
        {
            // A new run tries the agent afresh: the last run's usage limit or permanent failure may be over or fixed.
            AgentHold.Clear(_paths.AgentHoldFile);
        }
        _events.Write("coordinator-start", null, $"coordinator {Environment.ProcessId} started (run {_state.RunId})");
        Adopt();
        if (_resumed)
        {
            // Its crashed predecessor saw these complete but died before merging them.
            foreach (var id in _state.Milestones.Where(kv => kv.Value.State == RunState.Complete).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList())
            {
                await MergeCompletedAsync(id).ConfigureAwait(false);
            }
        }
        var first = initial
            .Where(id => !_state.Milestones.TryGetValue(id, out var existing) || existing.State != RunState.Running)
            .Take(Math.Max(0, _prefs.Parallel.MaxWorkers - RunningCount()))
            .ToList();
        if (!ct.IsCancellationRequested)
        {
            await StartWorkersAsync(first).ConfigureAwait(false);
        }
        Save();
        string reason;
        while (true)
        {
            if (ct.IsCancellationRequested)
            {
                reason = "coordinator interrupted; workers keep running and the next `gsd parallel start` adopts them";
                break;
            }
            var more = await TickAsync().ConfigureAwait(false);
            Save();
            if (!more)
            {
                reason = _state.BudgetReached ? "budget ceiling reached"
                    : _state.Stopping ? "stopped"
                    : _waiting is null ? "nothing left to run" : $"nothing left to run; {_waiting}";
                break;
            }
            try
            {
                await Task.Delay(_timings.CoordinatorTick, _clock, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        _state = _state with { ExitReason = reason, LastHeartbeat = _clock.GetUtcNow() };
        Save();
        _events.Write("coordinator-exit", null, reason);
        return _state;
    }

    /// <summary>
    /// A run takes the project root's preferences once (global + project, uncommitted edits included) and records them for
    /// its workers; a resumed run keeps the record it took. Unreadable preferences are not recorded: the workers then load
    /// their own and report the problem.
    /// </summary>
    private async Task RecordPreferencesAsync()
    {
        if (RunPreferencesStore.TryRead(_paths)?.RunId == _state.RunId)
        {
            return;
        }
        LoadedPreferences loaded;
        try
        {
            loaded = PreferencesLoader.Load(_paths.ProjectRoot);
        }
        catch (PreferencesException ex)
        {
            _events.Write("preferences-unreadable", null, $"the project's preferences could not be recorded for this run: {ex.Message}");
            return;
        }
        var files = new List<RunPreferenceFile>();
        foreach (var file in loaded.Files)
        {
            files.Add(new RunPreferenceFile(file.Path, file.Text, await UncommittedAsync(file.Path).ConfigureAwait(false)));
        }
        RunPreferencesStore.Write(_paths, new RunPreferences(_state.RunId, _clock.GetUtcNow(), files));
    }

    /// <summary>Whether a file of the project has edits not in its last commit; null for a file outside it (the global one) or when git cannot tell.</summary>
    private async Task<bool?> UncommittedAsync(string file)
    {
        var relative = Path.GetRelativePath(_paths.ProjectRoot, file);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }
        var result = await new GitRunner(_paths.ProjectRoot).TryRunAsync("status", "--porcelain", "--", relative).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.StdOut.Trim().Length > 0 : null;
    }

    /// <summary>One pass; false when the run is over (nothing running and nothing that may start).</summary>
    public async Task<bool> TickAsync()
    {
        HandleCoordinatorSignals();
        var now = _clock.GetUtcNow();
        foreach (var (id, run) in _state.Milestones.ToList())
        {
            if (run.State != RunState.Running)
            {
                continue;
            }
            var status = WorkerStatusStore.TryRead(_paths, id);
            // Only the status file of the process this run launched (or adopted) speaks for it; an older file is a previous worker's.
            var own = status is not null && status.Pid == run.WorkerPid;
            if (own && WorkerStates.IsFinal(status!.State))
            {
                await OnWorkerFinishedAsync(id, status).ConfigureAwait(false);
            }
            else if (own ? WorkerHealth.IsDead(status!, now, _timings) : LaunchedWorkerIsDead(run, now))
            {
                await OnWorkerDiedAsync(id, run, own ? status : null).ConfigureAwait(false);
            }
            else if (own)
            {
                await OnProgressAsync(id, status!).ConfigureAwait(false);
            }
        }
        if (_predictionDue && _merger is not null)
        {
            _predictionDue = false;
            // Every branch not merged yet: running, finished, or held back by a conflict.
            var active = _state.Milestones.Where(kv => kv.Value.State is RunState.Running or RunState.Complete or RunState.Conflict).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            var predicted = await _merger.PredictConflictsAsync(active).ConfigureAwait(false);
            foreach (var p in predicted.Where(p => !_state.PredictedConflicts.Any(old => old.A == p.A && old.B == p.B && old.Files.SequenceEqual(p.Files))))
            {
                _events.Write("conflict-predicted", p.A, $"{p.A} will conflict with {p.B ?? "the integration branch"} on {string.Join(", ", p.Files)}");
            }
            _state = _state with { PredictedConflicts = predicted };
        }

        var spent = BudgetGuard.RunSpend(_paths);
        var ceiling = _prefs.Parallel.BudgetCeiling;
        if (ceiling is not null && spent >= ceiling.Value && !_state.BudgetReached)
        {
            _state = _state with { BudgetReached = true };
            _events.Write("budget-reached", null, string.Create(CultureInfo.InvariantCulture, $"spent ${spent:0.00} of the ${ceiling:0.00} ceiling: no new units; telling every worker to stop"));
            foreach (var id in RunningIds())
            {
                SignalSender.Send(_paths, id, Signals.Stop, "coordinator (budget ceiling reached)", _clock);
            }
        }
        _state = _state with { SpentCost = spent, LastHeartbeat = now };

        if (!_state.BudgetReached && !_state.Stopping && !_state.Paused)
        {
            await StartEligibleAsync().ConfigureAwait(false);
        }
        return RunningCount() > 0;
    }

    private async Task StartEligibleAsync()
    {
        var free = _prefs.Parallel.MaxWorkers - RunningCount();
        var project = PlanningLoader.Load(_paths.ProjectRoot);
        var report = Eligibility.Compute(project, _state.Milestones);
        _waiting = WaitingForMerge(report);
        // Stopped, blocked, failed and crashed-out milestones of this run are not restarted as if new.
        var next = report.Eligible
            .Where(m => !_state.Milestones.TryGetValue(m.Id, out var previous) || previous.State is RunState.Queued or RunState.Merged)
            .Take(Math.Max(0, free))
            .Select(m => m.Id)
            .ToList();
        await StartWorkersAsync(next).ConfigureAwait(false);
    }

    /// <summary>Milestones blocked only by milestones that are complete on their branch but not merged yet: worth telling the user.</summary>
    private string? WaitingForMerge(EligibilityReport report)
    {
        var unmerged = _state.Milestones.Where(kv => kv.Value.State == RunState.Complete).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        if (unmerged.Count == 0)
        {
            return null;
        }
        var waiting = report.Ineligible.Where(i => i.WaitsFor.Count > 0 && i.WaitsFor.Any(unmerged.Contains)).ToList();
        return waiting.Count == 0
            ? null
            : string.Join("; ", waiting.Select(i => $"{i.Id} waits for {string.Join(", ", i.WaitsFor)} to be merged")) + " (`gsd parallel merge`)";
    }

    /// <summary>
    /// Starts fresh workers: their worktrees are registered one at a time (`git worktree add` of git 2.39 fails on a
    /// record another one is still writing) and checked out side by side; each worker is launched as soon as its own
    /// worktree is ready, while the others are still being checked out.
    /// </summary>
    private async Task StartWorkersAsync(List<string> ids)
    {
        await foreach (var (id, worktree, error) in _provisioner.EnsureManyAsync(ids).ConfigureAwait(false))
        {
            Launch(id, worktree, error?.Message, restarts: 0);
            Save();
        }
    }

    private async Task StartWorkerAsync(string id, int restarts)
    {
        var (_, worktree, error) = await ProvisionAsync(id).ConfigureAwait(false);
        Launch(id, worktree, error, restarts);
    }

    private async Task<(string Id, ProvisionedWorktree? Worktree, string? Error)> ProvisionAsync(string id)
    {
        try
        {
            return (id, await _provisioner.EnsureAsync(id).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is GsdException or Git.GitException or IOException)
        {
            return (id, null, ex.Message);
        }
    }

    private void Launch(string id, ProvisionedWorktree? provisioned, string? provisionError, int restarts)
    {
        var worktree = provisioned?.Path;
        if (worktree is null)
        {
            _state.Milestones[id] = new MilestoneRun(RunState.Error, restarts, $"could not create its worktree: {provisionError}");
            _events.Write("worktree-failed", id, provisionError ?? "unknown error");
            return;
        }
        var identity = _starter.Start(id, worktree, _state.RunId, provisioned!.Fresh);
        _state.Milestones[id] = new MilestoneRun(RunState.Running, restarts)
        {
            WorkerPid = identity.Pid,
            WorkerStartedAt = identity.StartTicks,
            LaunchedAt = _clock.GetUtcNow(),
        };
        _events.Write(restarts == 0 ? "worker-start" : "worker-restart", id, $"worker pid {identity.Pid} in {worktree}{(restarts == 0 ? string.Empty : $" (restart {restarts} of {_prefs.Parallel.MaxRestarts})")}");
    }

    /// <summary>
    /// After each unit commit (completedUnits moved): re-predict conflicts, and under per-slice land the slices the branch
    /// has completed while its worker goes on.
    /// </summary>
    private async Task OnProgressAsync(string id, WorkerStatus status)
    {
        if (_unitsSeen.TryGetValue(id, out var seen) && seen == status.CompletedUnits)
        {
            return;
        }
        _unitsSeen[id] = status.CompletedUnits;
        _predictionDue = true;
        // Landing is merging: only auto_merge: auto does it unasked (confirm asks, manual waits for `gsd parallel merge`).
        if (_merger is not null && _prefs.Parallel.MergeStrategy == MergeStrategy.PerSlice && _prefs.Parallel.AutoMerge == AutoMerge.Auto && status.Progress.SlicesDone > 0)
        {
            foreach (var landed in await _merger.LandSlicesAsync(id).ConfigureAwait(false))
            {
                _events.Write("slice-" + landed.State.Name(), id, landed.Error ?? landed.Commit ?? landed.State.Name());
            }
        }
    }

    private async Task OnWorkerFinishedAsync(string id, WorkerStatus status)
    {
        _predictionDue = true;
        var run = _state.Milestones[id];
        var state = status.State switch
        {
            WorkerState.Complete => RunState.Complete,
            WorkerState.Stopped => RunState.Stopped,
            WorkerState.Blocked => RunState.Blocked,
            _ => RunState.Error,
        };
        _state.Milestones[id] = run with { State = state, Error = status.Error };
        _events.Write("worker-" + status.State.Name(), id, status.Error ?? $"worker finished: {status.State.Name()}");
        if (state == RunState.Complete)
        {
            await MergeCompletedAsync(id).ConfigureAwait(false);
        }
    }

    /// <summary>Under auto_merge: auto, merges a milestone that completed (landing its remaining slices first under per-slice).</summary>
    private async Task MergeCompletedAsync(string id)
    {
        if (_merger is not null && _prefs.Parallel.AutoMerge == AutoMerge.Auto)
        {
            if (_prefs.Parallel.MergeStrategy == MergeStrategy.PerSlice)
            {
                // Slices finished since the last tick land as their own commits before the milestone's closing merge.
                foreach (var landed in await _merger.LandSlicesAsync(id).ConfigureAwait(false))
                {
                    _events.Write("slice-" + landed.State.Name(), id, landed.Error ?? landed.Commit ?? landed.State.Name());
                }
            }
            var merged = await _merger.MergeAsync(id).ConfigureAwait(false);
            _state.Milestones[id] = _state.Milestones[id] with
            {
                State = merged.State,
                Error = merged.Error,
                ConflictFiles = merged.ConflictFiles,
                MergedCommit = merged.Commit,
            };
            _events.Write("merge-" + merged.State.Name(), id, merged.Error ?? merged.Commit ?? merged.State.Name());
        }
    }

    private async Task OnWorkerDiedAsync(string id, MilestoneRun run, WorkerStatus? status)
    {
        var worker = status is null ? new ProcessIdentity(run.WorkerPid, run.WorkerStartedAt) : new ProcessIdentity(status.Pid, status.ProcessStartedAt);
        string why;
        if (worker.IsAlive())
        {
            why = status is null
                ? $"worker pid {worker.Pid} wrote no heartbeat for {_timings.DeadAfter.TotalSeconds:0.#} s"
                : $"worker pid {worker.Pid} stopped heartbeating (last {status.LastHeartbeat:HH:mm:ss})";
            // Alive but silent: hung. End it for good before a replacement takes its worktree.
            ProcessKiller.KillWorker(status ?? new WorkerStatus { MilestoneId = id, State = WorkerState.Running, Pid = worker.Pid, ProcessStartedAt = worker.StartTicks, Worktree = _paths.Worktree(id) }, _timings.HungWorkerGrace, _timings);
        }
        else
        {
            why = status is null
                ? $"worker pid {worker.Pid} exited before its first heartbeat{LogTail(id)}"
                : $"worker pid {worker.Pid} is gone";
        }
        // Its agent may outlive it (a SIGKILLed worker cannot stop it); it must not keep writing into the worktree.
        ProcessKiller.KillAgentsIn(status?.Worktree ?? _paths.Worktree(id));

        var lastSignal = SignalSender.LastSent(_paths, id);
        if (status is not null && WorkerHealth.KilledByStop(status, lastSignal))
        {
            _state.Milestones[id] = run with { State = RunState.Stopped, Error = $"stopped by {lastSignal!.From}" };
            _events.Write("worker-stopped", id, $"{why}; it was told to stop by {lastSignal.From}");
            return;
        }
        if (run.Restarts < _prefs.Parallel.MaxRestarts && !_state.Stopping && !_state.BudgetReached)
        {
            _events.Write("worker-crashed", id, $"{why}; restarting it from its branch");
            await StartWorkerAsync(id, run.Restarts + 1).ConfigureAwait(false);
        }
        else
        {
            _state.Milestones[id] = run with { State = RunState.Crashed, Error = why };
            _events.Write("worker-crashed", id, $"{why}; not restarted ({run.Restarts} of {_prefs.Parallel.MaxRestarts} restarts used{(_state.Stopping ? ", run stopping" : _state.BudgetReached ? ", budget reached" : string.Empty)})");
        }
    }

    /// <summary>No status file of its own yet: dead when the launched process is gone, or silent for longer than a heartbeat may be.</summary>
    private bool LaunchedWorkerIsDead(MilestoneRun run, DateTimeOffset now) =>
        !new ProcessIdentity(run.WorkerPid, run.WorkerStartedAt).IsAlive()
        || (run.LaunchedAt is { } launched && now - launched > _timings.DeadAfter);

    private string LogTail(string id)
    {
        try
        {
            var text = File.Exists(_paths.LogFile(id)) ? File.ReadAllText(_paths.LogFile(id)) : string.Empty;
            return text.Trim().Length == 0 ? string.Empty : $"; its log ({_paths.LogFile(id)}) ends:\n{ShellCommand.Tail(text, 5)}";
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Workers alive now (after a coordinator crash, or left by an interrupted one) are adopted, never duplicated.</summary>
    private void Adopt()
    {
        var now = _clock.GetUtcNow();
        foreach (var status in WorkerStatusStore.ReadAll(_paths))
        {
            if (!WorkerStates.IsLive(status.State) || WorkerHealth.IsDead(status, now, _timings))
            {
                continue;
            }
            var id = status.MilestoneId;
            var known = _state.Milestones.GetValueOrDefault(id);
            if (known is { State: RunState.Running } && known.WorkerPid == status.Pid)
            {
                _events.Write("worker-adopted", id, $"live worker pid {status.Pid} adopted");
                continue;
            }
            _state.Milestones[id] = new MilestoneRun(RunState.Running, known?.Restarts ?? 0)
            {
                WorkerPid = status.Pid,
                WorkerStartedAt = status.ProcessStartedAt,
                LaunchedAt = status.StartedAt,
            };
            _events.Write("worker-adopted", id, $"live worker pid {status.Pid} adopted");
        }
    }

    private void HandleCoordinatorSignals()
    {
        var signal = _signals.Poll();
        if (signal is null)
        {
            return;
        }
        _state = _state with { SignalSeq = signal.Seq };
        switch (signal.Signal)
        {
            case Signals.Stop:
                _state = _state with { Stopping = true };
                _events.Write("coordinator-stopping", null, $"stop requested by {signal.From}: no new workers start");
                break;
            case Signals.Pause:
                _state = _state with { Paused = true };
                _events.Write("coordinator-paused", null, $"paused by {signal.From}: no new workers start until `gsd parallel resume`");
                break;
            case Signals.Resume:
                _state = _state with { Paused = false };
                _events.Write("coordinator-resumed", null, $"resumed by {signal.From}");
                break;
        }
    }

    private List<string> RunningIds() => _state.Milestones.Where(kv => kv.Value.State == RunState.Running).Select(kv => kv.Key).ToList();

    private int RunningCount() => _state.Milestones.Count(kv => kv.Value.State == RunState.Running);

    private void Save() => CoordinatorStateStore.Write(_paths, _state with { LastHeartbeat = _clock.GetUtcNow() });

    private static string Name(AutoMerge m) => m.ToString().ToLowerInvariant();

    private static string Name(MergeStrategy s) => s == MergeStrategy.PerSlice ? "per-slice" : "per-milestone";
}
