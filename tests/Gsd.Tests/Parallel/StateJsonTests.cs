using System.Text.Json;
using Gsd.Protocol;

namespace Gsd.Tests.Parallel;

/// <summary>Run states are enums in code; on disk they stay the lower-case words other tools and older files use.</summary>
public sealed class StateJsonTests
{
    [Fact]
    public void Every_worker_state_is_written_and_read_as_its_lower_case_name()
    {
        foreach (var state in Enum.GetValues<WorkerState>())
        {
            var json = JsonSerializer.Serialize(new WorkerStatus { MilestoneId = "M001", State = state }, GsdJsonContext.Default.WorkerStatus);
            json.ShouldContain($"\"state\": \"{state.Name()}\"");
            state.Name().ShouldBe(state.ToString().ToLowerInvariant());
            JsonSerializer.Deserialize(json, GsdJsonContext.Default.WorkerStatus)!.State.ShouldBe(state);
        }
    }

    [Fact]
    public void Every_run_state_and_merge_outcome_is_written_and_read_as_its_lower_case_name()
    {
        foreach (var state in Enum.GetValues<RunState>())
        {
            var file = new CoordinatorState { RunId = "r", Config = new RunConfig(1, null, "manual", "per-milestone", 0), Milestones = { ["M001"] = new MilestoneRun(state) } };
            var json = JsonSerializer.Serialize(file, GsdJsonContext.Default.CoordinatorState);
            json.ShouldContain($"\"state\": \"{state.Name()}\"");
            JsonSerializer.Deserialize(json, GsdJsonContext.Default.CoordinatorState)!.Milestones["M001"].State.ShouldBe(state);
        }
        foreach (var outcome in Enum.GetValues<MergeRecordOutcome>())
        {
            var ledger = new MergeLedgerFile { Milestones = { ["M001"] = new MergeRecord(outcome, DateTimeOffset.UnixEpoch, null, null, []) } };
            var json = JsonSerializer.Serialize(ledger, GsdJsonContext.Default.MergeLedgerFile);
            json.ShouldContain($"\"outcome\": \"{outcome.ToString().ToLowerInvariant()}\"");
            JsonSerializer.Deserialize(json, GsdJsonContext.Default.MergeLedgerFile)!.Milestones["M001"].Outcome.ShouldBe(outcome);
        }
    }
}
