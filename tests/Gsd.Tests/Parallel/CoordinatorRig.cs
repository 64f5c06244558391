using System.Diagnostics;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Merge;
using Gsd.Parallel;
using Gsd.Preferences;
using Gsd.Processes;
using Gsd.Protocol;
using Gsd.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gsd.Tests.Parallel;

/// <summary>
/// A coordinator driven in process, one <see cref="Coordinator.TickAsync"/> at a time, on a fake clock: a real repository
/// with the <see cref="ParallelProject"/> plan (M001 complete; M002, M004 planned; M003 depends on M002), real worktrees,
/// and for each worker a real stand-in process (<c>sleep</c>) whose status file the test writes as the worker would.
/// </summary>
internal sealed class CoordinatorRig : IDisposable
{
    private readonly TempDir _home = new("gsd-rig-home");

    public CoordinatorRig(int maxWorkers = 2, int maxRestarts = 1, string? parallelExtra = null)
    {
        Repo = new GitRepo("gsd-rig");
        Repo.Write(".gsd/.gitignore", "parallel/\nworktrees/\nauto.lock\nmetrics.json\n*.lock\nactivity/\nreports/\n");
        Repo.Write(".gsd/PREFERENCES.md", $"---\nparallel:\n  enabled: true\n  max_workers: {maxWorkers}\n  max_restarts: {maxRestarts}\n{parallelExtra ?? string.Empty}\nagent:\n  kind: sim\n---\n");
        Context("M001", "Done already", []);
        Repo.Write(".gsd/milestones/M001/M001-SUMMARY.md", "# M001: Done already\n\nAll done.\n");
        Planned("M002", "Second milestone");
        Context("M003", "Waits for M002", ["M002"]);
        Planned("M004", "Fourth milestone");
        Repo.Commit("plan the project");
        Paths = new ParallelPaths(Repo.Root);
        Prefs = PreferencesLoader.Load(Repo.Root, _home.Path).Preferences;
        Merger = new RecordingMerger(this);
        Workers = new StandInWorkers(Clock);
    }

    public GitRepo Repo { get; }

    public ParallelPaths Paths { get; }

    public GsdPreferences Prefs { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public StandInWorkers Workers { get; }

    public RecordingMerger Merger { get; }

    public Timings Timings { get; set; } = Timings.Default;

    public Coordinator NewCoordinator(bool withMerger = true) =>
        new(Paths, Prefs, Clock, new Gsd.Protocol.EventLog(Paths, Clock), withMerger ? Merger : null, Workers, Timings);

    /// <summary>Writes the status file the worker of <paramref name="id"/> (its latest stand-in) would write now.</summary>
    public void Report(string id, WorkerState state = WorkerState.Running, int completedUnits = 0, decimal cost = 0, string? error = null)
    {
        var worker = Workers.Latest(id);
        Directory.CreateDirectory(Paths.Directory);
        JsonFile.Write(Paths.StatusFile(id), new WorkerStatus
        {
            MilestoneId = id,
            Pid = worker.Pid,
            ProcessStartedAt = worker.StartTicks,
            State = state,
            CompletedUnits = completedUnits,
            Cost = cost,
            LastHeartbeat = Clock.GetUtcNow(),
            StartedAt = Workers.StartedAt(id),
            Worktree = Paths.Worktree(id),
            Branch = MilestoneBranch.Name(id),
            Error = error,
        }, GsdJsonContext.Default.WorkerStatus);
    }

    /// <summary>The coordinator's events, as (event, milestoneId, message).</summary>
    public List<(string Event, string? Milestone, string Message)> Events() =>
        File.Exists(Paths.EventsFile)
            ? File.ReadAllLines(Paths.EventsFile).Where(l => l.Length > 0).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!)
                .Select(e => ((string)e["event"]!, (string?)e["milestoneId"], (string)e["message"]!)).ToList()
            : [];

    public MilestoneRun Run(Coordinator c, string id) => c.State.Milestones[id];

    public void Dispose()
    {
        Workers.Dispose();
        Repo.Dispose();
        _home.Dispose();
    }

    private void Context(string id, string title, IReadOnlyList<string> deps) =>
        Repo.Write($".gsd/milestones/{id}/{id}-CONTEXT.md", $"---\ndepends_on: [{string.Join(", ", deps)}]\n---\n\n# {id}: {title}\n");

    private void Planned(string id, string title)
    {
        Context(id, title, []);
        Repo.Write($".gsd/milestones/{id}/{id}-ROADMAP.md", $"# {id}: {title}\n\n## Slices\n\n- [ ] **S01: Only slice** `risk:low` `depends:[]`\n");
        Repo.Write($".gsd/milestones/{id}/slices/S01/S01-PLAN.md", "# S01: Only slice\n\n## Tasks\n\n- [ ] **T01: Task 1** `est:5m`\n");
    }

    /// <summary>
    /// Each "worker" is a real child process that does nothing (<c>sleep</c>): alive, with an identity to verify and
    /// signal, but silent — the test speaks for it through <see cref="Report"/>.
    /// </summary>
    internal sealed class StandInWorkers(TimeProvider clock) : IWorkerStarter, IDisposable
    {
        private readonly List<(string Id, Process Process, ProcessIdentity Identity, DateTimeOffset At)> _started = [];

        public IReadOnlyList<string> Started => _started.Select(s => s.Id).ToList();

        public ProcessIdentity Start(string milestoneId, string worktree)
        {
            var process = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
            var identity = new ProcessIdentity(process.Id, ProcessIdentity.ReadStartTicks(process.Id) ?? 0);
            _started.Add((milestoneId, process, identity, clock.GetUtcNow()));
            return identity;
        }

        public ProcessIdentity Latest(string id) => _started.Last(s => s.Id == id).Identity;

        public DateTimeOffset StartedAt(string id) => _started.Last(s => s.Id == id).At;

        /// <summary>The worker exits without a word (as a SIGKILLed one does).</summary>
        public void Kill(string id)
        {
            var process = _started.Last(s => s.Id == id).Process;
            process.Kill();
            process.WaitForExit();
        }

        public void Dispose()
        {
            foreach (var (_, process, _, _) in _started)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit();
                }
                process.Dispose();
            }
        }
    }

    /// <summary>
    /// Records what the coordinator asks; a merge "lands" by writing the milestone's summary on main, so milestones that
    /// depend on it become eligible as they would after a real merge.
    /// </summary>
    internal sealed class RecordingMerger(CoordinatorRig rig) : IMilestoneMerger
    {
        public List<string> Merged { get; } = [];

        public List<string> Landed { get; } = [];

        public RunState Outcome { get; set; } = RunState.Merged;

        public Task<MergeSummary> MergeAsync(string milestoneId)
        {
            Merged.Add(milestoneId);
            if (Outcome == RunState.Merged)
            {
                rig.Repo.Write($".gsd/milestones/{milestoneId}/{milestoneId}-SUMMARY.md", $"# {milestoneId}\n\nMerged.\n");
                rig.Repo.Write($".gsd/milestones/{milestoneId}/slices/S01/S01-PLAN.md", "# S01: Only slice\n\n## Tasks\n\n- [x] **T01: Task 1** `est:5m`\n");
                rig.Repo.Write($".gsd/milestones/{milestoneId}/{milestoneId}-ROADMAP.md", $"# {milestoneId}\n\n## Slices\n\n- [x] **S01: Only slice** `risk:low` `depends:[]`\n");
                var commit = rig.Repo.Commit($"merge {milestoneId}");
                return Task.FromResult(new MergeSummary(RunState.Merged, commit, null, []));
            }
            return Task.FromResult(new MergeSummary(Outcome, null, $"{milestoneId} conflicts on shared.txt", ["shared.txt"]));
        }

        public Task<IReadOnlyList<MergeSummary>> LandSlicesAsync(string milestoneId)
        {
            Landed.Add(milestoneId);
            return Task.FromResult<IReadOnlyList<MergeSummary>>([]);
        }
    }
}
