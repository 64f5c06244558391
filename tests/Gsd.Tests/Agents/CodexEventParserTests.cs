using Gsd.Agents;

namespace Gsd.Tests.Agents;

/// <summary>Recorded <c>codex exec --json</c> event lines.</summary>
public sealed class CodexEventParserTests
{
    [Fact]
    public void Reads_thread_usage_and_final_message_from_exec_json_events()
    {
        var report = CodexEventParser.Parse("""
            {"type":"thread.started","thread_id":"019a2d7a-41c4-78b1-b7cc-a45d62a89cd5"}
            {"type":"turn.started"}
            {"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"**Planning the change**"}}
            {"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"bash -lc 'printf hi > a.txt'","aggregated_output":"","exit_code":null,"status":"in_progress"}}
            {"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"bash -lc 'printf hi > a.txt'","aggregated_output":"","exit_code":0,"status":"completed"}}
            {"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"a.txt","kind":"add"}],"status":"completed"}}
            {"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"Wrote a.txt."}}
            {"type":"turn.completed","usage":{"input_tokens":26549,"cached_input_tokens":22272,"output_tokens":1590}}
            """);

        report.ShouldBe(new AgentReport(0m, new TokenUsage(26549 - 22272, 1590, 22272, 0), null, "019a2d7a-41c4-78b1-b7cc-a45d62a89cd5", false, null, "Wrote a.txt.") { CostUnknown = true });
        report.Tokens.Total.ShouldBe(26549 + 1590);
    }

    [Fact]
    public void Usage_of_several_turns_is_summed()
    {
        var report = CodexEventParser.Parse("""
            {"type":"turn.completed","usage":{"input_tokens":100,"cached_input_tokens":0,"output_tokens":10}}
            {"type":"turn.completed","usage":{"input_tokens":200,"cached_input_tokens":50,"output_tokens":20}}
            """);

        report.Tokens.ShouldBe(new TokenUsage(250, 30, 50, 0));
    }

    [Fact]
    public void Failed_turn_is_an_error_with_its_message()
    {
        var report = CodexEventParser.Parse("""
            {"type":"thread.started","thread_id":"t1"}
            {"type":"turn.started"}
            {"type":"error","message":"stream disconnected before completion"}
            {"type":"turn.failed","error":{"message":"stream disconnected before completion"}}
            """);

        report.IsError.ShouldBeTrue();
        report.ErrorText.ShouldBe("stream disconnected before completion");
        report.Tokens.ShouldBe(TokenUsage.Zero);
    }

    [Fact]
    public void A_turn_that_completes_after_a_transient_error_is_no_error()
    {
        var report = CodexEventParser.Parse("""
            {"type":"error","message":"Reconnecting... 1/5"}
            {"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":1}}
            """);

        report.IsError.ShouldBeFalse();
    }

    [Fact]
    public void Older_msg_wrapped_token_count_events_are_read()
    {
        var report = CodexEventParser.Parse("""
            {"id":"0","msg":{"type":"session_configured","session_id":"s-old","model":"gpt-5-codex"}}
            {"id":"1","msg":{"type":"token_count","info":{"total_token_usage":{"input_tokens":500,"cached_input_tokens":100,"output_tokens":40,"reasoning_output_tokens":8,"total_tokens":540},"last_token_usage":{"input_tokens":500,"cached_input_tokens":100,"output_tokens":40}}}}
            {"id":"1","msg":{"type":"token_count","info":{"total_token_usage":{"input_tokens":900,"cached_input_tokens":300,"output_tokens":60,"total_tokens":960}}}}
            {"id":"1","msg":{"type":"task_complete","last_agent_message":"All done."}}
            """);

        report.ShouldBe(new AgentReport(0m, new TokenUsage(600, 60, 300, 0), "gpt-5-codex", "s-old", false, null, "All done.") { CostUnknown = true });
    }

    [Fact]
    public void Cost_is_read_when_an_event_carries_one_and_junk_lines_are_skipped()
    {
        var report = CodexEventParser.Parse("""
            Reading prompt from stdin...
            {"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":1},"total_cost_usd":0.25}
            {not json
            """);

        report.Cost.ShouldBe(0.25m);
        report.CostUnknown.ShouldBeFalse();
        report.Tokens.ShouldBe(new TokenUsage(10, 1, 0, 0));
    }

    [Fact]
    public void Codex_0_169_usage_splits_cache_writes_out_of_input_and_its_warning_items_are_no_error()
    {
        // As codex 0.169.0 prints them (cache_write_input_tokens and reasoning_output_tokens are new; the model-metadata
        // warning is an item of type "error" inside a turn that goes on).
        var report = CodexEventParser.Parse("""
            {"type":"thread.started","thread_id":"01a23313-1470-76f1-8b3e-b112d5ecb876"}
            {"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for `standin-model` not found. Defaulting to fallback metadata; this can degrade performance and cause issues."}}
            {"type":"turn.started"}
            {"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc 'true'","aggregated_output":"","exit_code":0,"status":"completed"}}
            {"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"Done."}}
            {"type":"turn.completed","usage":{"input_tokens":2000,"cached_input_tokens":400,"cache_write_input_tokens":200,"output_tokens":100,"reasoning_output_tokens":30}}
            """);

        report.IsError.ShouldBeFalse();
        report.Tokens.ShouldBe(new TokenUsage(1400, 100, 400, 200));
        report.Tokens.Total.ShouldBe(2100);
        report.Cost.ShouldBe(0m);
        report.CostUnknown.ShouldBeTrue();
        report.Output.ShouldBe("Done.");
    }
}
