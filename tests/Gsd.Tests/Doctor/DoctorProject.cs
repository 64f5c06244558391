using System.Diagnostics;
using System.Text.Json;
using System.Text;
using Gsd.IO;
using Gsd.Layout;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Tests.Doctor;

/// <summary>One finding as <c>gsd doctor --json</c> prints it.</summary>
internal sealed record Finding(string Code, string Severity, string Message, bool Fixable, bool Fixed, string? Action);

/// <summary>A real repository with <c>gsd init</c> committed on main, helpers to break it the ways doctor looks for, and to run the real binary.</summary>
internal sealed class DoctorProject : IDisposable
{
    private readonly ProjectBuilder _project = new("gsd-doctor");

    public DoctorProject()
    {
        _project.InitGsd().Commit("gsd init");
        Paths = _project.Paths;
    }

    public GitRepo Repo => _project.Repo;

    public string Root => Repo.Root;

    public ParallelPaths Paths { get; }

    public string GsdHome => _project.Home;

    public ProcessResult Gsd(string dir, params string[] args) => _project.Launcher.In(dir).Run(args);

    public ProcessResult Doctor(params string[] args) => Gsd(Root, ["doctor", .. args]);

    /// <summary>Runs <c>gsd doctor --json</c> (plus <paramref name="args"/>) in <paramref name="dir"/> and parses the report.</summary>
    public (ProcessResult Result, string Root, List<Finding> Findings) DoctorJsonIn(string dir, params string[] args)
    {
        var result = Gsd(dir, ["doctor", "--json", .. args]);
        result.StdErr.ShouldBeEmpty(result.ToString());
        using var doc = JsonDocument.Parse(result.StdOut);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => new Finding(
            f.GetProperty("code").GetString()!,
            f.GetProperty("severity").GetString()!,
            f.GetProperty("message").GetString()!,
            f.GetProperty("fixable").GetBoolean(),
            f.GetProperty("fixed").GetBoolean(),
            f.GetProperty("action").GetString())).ToList();
        return (result, doc.RootElement.GetProperty("root").GetString()!, findings);
    }

    public (ProcessResult Result, List<Finding> Findings) DoctorJson(params string[] args)
    {
        var (result, _, findings) = DoctorJsonIn(Root, args);
        return (result, findings);
    }

    public string Write(string relative, string contents) => Repo.Write(relative, contents);

    public string Read(string relative) => Repo.Read(relative);

    public bool Exists(string relative) => Repo.Exists(relative);

    public string Git(params string[] args) => Repo.Git(args);

    /// <summary>A pid that belonged to a process which has exited (and been reaped).</summary>
    public static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        var pid = p.Id;
        ProcessIdentity.IsPidAlive(pid).ShouldBeFalse($"pid {pid} was reused at once; run again");
        return pid;
    }

    /// <summary>The test process itself, but with another start time: a live pid that now belongs to "another process".</summary>
    public static (int Pid, long StartTicks) ReusedPid() => (ProcessIdentity.Current.Pid, ProcessIdentity.Current.StartTicks + 12345);

    public static WorkerStatus Status(string mid, int pid, long startTicks, WorkerState state, TimeSpan heartbeatAge) => new()
    {
        MilestoneId = mid,
        Pid = pid,
        ProcessStartedAt = startTicks,
        State = state,
        CurrentUnit = new UnitRef("execute-task", $"{mid}/S01/T01", DateTimeOffset.UtcNow - heartbeatAge),
        CompletedUnits = 3,
        Progress = new Progress(1, 2, 3, 4),
        Cost = 1.25m,
        LastHeartbeat = DateTimeOffset.UtcNow - heartbeatAge,
        StartedAt = DateTimeOffset.UtcNow - heartbeatAge - TimeSpan.FromMinutes(5),
        Branch = $"milestone/{mid}",
    };

    public void WriteStatus(WorkerStatus status) =>
        JsonFile.Write(Paths.StatusFile(status.MilestoneId), status, GsdJsonContext.Default.WorkerStatus);

    public WorkerStatus ReadStatus(string mid) => JsonFile.Read(Paths.StatusFile(mid), GsdJsonContext.Default.WorkerStatus)!;

    public static void WriteLock(string path, LockRecord record)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(record, LockJsonContext.Default.LockRecord));
    }

    public static CoordinatorState Coordinator(int pid, long startTicks, string? exitReason, params (string Mid, RunState State)[] runs) => new()
    {
        Pid = pid,
        ProcessStartedAt = startTicks,
        RunId = "20260101-000000",
        StartedAt = DateTimeOffset.UtcNow.AddMinutes(-20),
        LastHeartbeat = DateTimeOffset.UtcNow.AddMinutes(-10),
        Config = new RunConfig(2, null, "confirm", "per-milestone", 1),
        Milestones = runs.ToDictionary(r => r.Mid, r => new MilestoneRun(r.State) { WorkerPid = pid }, StringComparer.Ordinal),
        ExitReason = exitReason,
    };

    public void WriteCoordinator(CoordinatorState state) => CoordinatorStateStore.Write(Paths, state);

    public CoordinatorState ReadCoordinator() => CoordinatorStateStore.TryRead(Paths)!;

    public string WorktreePath(string mid) => _project.Worktree(mid);

    /// <summary>A real milestone worktree on a new branch <c>milestone/MID</c>, made with plain git.</summary>
    public string AddWorktree(string mid) => _project.AddWorktree(mid);

    public string GitIn(string dir, params string[] args) => ProcessRunner.Git(dir, args);

    public static void Backdate(string path, TimeSpan age) => File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);

    /// <summary>Every file and directory under the root (the .git directory included): path, and for files bytes and mtime.</summary>
    public string Snapshot()
    {
        var sb = new StringBuilder();
        foreach (var entry in Directory.EnumerateFileSystemEntries(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Order(StringComparer.Ordinal))
        {
            sb.Append(Path.GetRelativePath(Root, entry));
            if (File.Exists(entry))
            {
                sb.Append(' ').Append(RepoSnapshot.Hash(File.ReadAllBytes(entry)))
                    .Append(' ').Append(File.GetLastWriteTimeUtc(entry).Ticks);
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public void Dispose() => _project.Dispose();
}
