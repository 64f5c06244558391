using Gsd.IO;
using Gsd.Layout;
using Gsd.Processes;
using Gsd.Protocol;

namespace Gsd.Doctor;

/// <summary>
/// A coordinator.json without an exit reason whose process is dead: the coordinator was killed. The repair records the exit
/// (so the file tells the truth); live workers keep running and the next <c>gsd parallel start</c> adopts them as before.
/// </summary>
internal sealed class CoordinatorCheck : IDoctorCheck
{
    public const string DiedReason = "coordinator died (found by gsd doctor)";

    public string Name => "coordinator";

    public Task<IReadOnlyList<DoctorIssue>> InspectAsync(DoctorContext context, CancellationToken ct)
    {
        var paths = context.Paths;
        CoordinatorState? state;
        try
        {
            state = JsonFile.Read(paths.CoordinatorFile, GsdJsonContext.Default.CoordinatorState);
        }
        catch (GsdException ex)
        {
            return Result(new DoctorIssue(DoctorCodes.UnreadableCoordinatorState, DoctorSeverity.Warning,
                $"{ex.Message}; `gsd parallel status` and `start` treat the project as having no run")
            {
                NotFixableReason = "doctor does not guess a run's state: move the file aside once no coordinator runs",
            });
        }
        if (state is null || state.ExitReason is not null || IsStillRunning(paths, state))
        {
            return Result();
        }
        var message = $".gsd/parallel/coordinator.json: coordinator pid {state.Pid} (run {state.RunId}) is gone without recording an exit "
            + $"(last heartbeat {DoctorContext.Age(context.Now - state.LastHeartbeat)} ago); workers it started keep running and the next "
            + "`gsd parallel start` adopts the live ones";
        return Result(new DoctorIssue(DoctorCodes.StaleCoordinator, DoctorSeverity.Warning, message)
        {
            Fix = _ => Task.FromResult(RecordExit(paths, state)),
        });
    }

    private static bool IsStillRunning(ParallelPaths paths, CoordinatorState state) =>
        new ProcessIdentity(state.Pid, state.ProcessStartedAt).IsAlive() || CoordinatorLiveness.RunningPid(paths) is not null;

    private static FixResult RecordExit(ParallelPaths paths, CoordinatorState seen)
    {
        using var guard = CoordinatorLiveness.Guard(paths);
        var current = CoordinatorStateStore.TryRead(paths);
        if (current is null || current.ExitReason is not null || current.Pid != seen.Pid || current.ProcessStartedAt != seen.ProcessStartedAt
            || current.RunId != seen.RunId)
        {
            return FixResult.Skipped("coordinator.json changed since it was read; left as it is");
        }
        if (IsStillRunning(paths, current))
        {
            return FixResult.Skipped("a coordinator is running now; left as it is");
        }
        CoordinatorStateStore.Write(paths, current with { ExitReason = DiedReason });
        return FixResult.Done($"recorded exit reason \"{DiedReason}\" in .gsd/parallel/coordinator.json");
    }

    private static Task<IReadOnlyList<DoctorIssue>> Result(params DoctorIssue[] issues) => Task.FromResult<IReadOnlyList<DoctorIssue>>(issues);
}
