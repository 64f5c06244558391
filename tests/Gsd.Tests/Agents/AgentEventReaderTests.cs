using Gsd.Agents;

namespace Gsd.Tests.Agents;

/// <summary>
/// Live progress from agent event streams: Claude Code 2.1.328's <c>-p --output-format stream-json --verbose</c> as recorded
/// against the Messages API stand-in (a Bash tool call, then a text reply), and <c>codex exec --json</c> events.
/// </summary>
public sealed class AgentEventReaderTests
{
    /// <summary>Printed by claude 2.1.328 (-p --output-format stream-json --verbose --bare) against the stand-in.</summary>
    internal const string RecordedClaudeStream = """
        {"type":"system","subtype":"ui_invalidate","event":"ui.render","uuid":"96863615-b1e0-4c0a-8524-bef3f6f994e9","session_id":"67e1f850-6c9d-42d5-8731-23a3df002274"}
        {"type":"system","subtype":"init","cwd":"/tmp/gsd-repo-674749e71884","session_id":"67e1f850-6c9d-42d5-8731-23a3df002274","tools":["Bash","Edit","Read"],"mcp_servers":[],"model":"claude-opus-5-5","permissionMode":"acceptEdits","slash_commands":["deep-research","dataviz","update-config","verify","debug","code-review","simplify","batch","fewer-permission-prompts","doctor","loop","claude-api","workflow-authoring","run","run-skill-generator","plugin-authoring","agents","auto-mode-setup","autocompact","clear","color","compact","config","output-style","context","effort","fast","focus","heapdump","init","mcp","model","__remote-workflow","workflow-launch-exec","reload-plugins","reload-skills","rename","security-review","usage","insights","recap","goal","list-agents","team-onboarding"],"terminal_slash_commands":["doctor","color","focus","reload-plugins"],"apiKeySource":"ANTHROPIC_API_KEY","claude_code_version":"2.1.328","output_style":"default","agents":["claude","Explore","general-purpose","Plan","statusline-setup"],"skills":["deep-research","dataviz","update-config","verify","debug","code-review","simplify","batch","fewer-permission-prompts","doctor","loop","claude-api","workflow-authoring","run","run-skill-generator","plugin-authoring"],"plugins":[{"name":"cc-plugin-agents-md","path":"builtin","source":"cc-plugin-agents-md@builtin"},{"name":"cc-plugin-privacy","path":"builtin","source":"cc-plugin-privacy@builtin"},{"name":"cc-plugin-plugin-authoring","path":"builtin","source":"cc-plugin-plugin-authoring@builtin"}],"capabilities":["interrupt_receipt_v1","interrupt_cancel_queued_v1","interrupt_send_now_v1","interrupt_requeue_taken_v1","msg_lifecycle_v1","request_marker_lists_v1","ask_user_question_unanswered_v1","lifecycle_wakeup_source_v1","sdk_mcp_tools_list_changed","sdk_mcp_manifests","mcp_read_resource_v1","mcp_tool_ui_meta_v1","ui_surface_v1","mcp_call_result_not_for_model_v1","mcp_call_check_permissions_v1","voice_call_talk_line_v1","withdrawn_files_note_v2","ui_pane_widget_v1","reload_plugins_refuse_if_busy_v1","silent_resend_files_v1"],"analytics_disabled":true,"product_feedback_disabled":true,"uuid":"469e2ae8-aaea-4271-bfde-232cd7492d59","original_cwd":"/tmp/gsd-repo-674749e71884","additional_directories":[],"fast_mode_state":"off","fast_mode_disabled_reason":"sdk_opt_in_required","per_turn_effort_active":true,"ultrathink_available":false,"ultrathink_typed_raises":false,"view_mode":"default"}
        {"type":"assistant","message":{"id":"msg_standin_0001","type":"message","role":"assistant","model":"claude-opus-5-5","content":[{"type":"tool_use","id":"toolu_standin_0001","name":"Bash","input":{"command":"printf 'hello from claude\\n' > hello.txt","description":"Write hello.txt"}}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1000,"output_tokens":1,"cache_read_input_tokens":200,"cache_creation_input_tokens":100},"context_management":null},"parent_tool_use_id":null,"session_id":"67e1f850-6c9d-42d5-8731-23a3df002274","uuid":"844296f9-8621-4235-8748-c0178b0dd166","timestamp":"2026-12-01T20:01:33.816Z","request_id":"req_standin"}
        {"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_standin_0001","type":"tool_result","content":"(Bash completed with no output)","is_error":false}]},"parent_tool_use_id":null,"session_id":"67e1f850-6c9d-42d5-8731-23a3df002274","uuid":"d6209a0e-2c02-4c80-95a4-6e15f57ba29d","timestamp":"2026-12-01T20:01:35.091Z","tool_use_result":{"stdout":"","stderr":"","interrupted":false,"isImage":false,"noOutputExpected":false},"tool_result_meta":[{"id":"toolu_standin_0001","permission_decision":{"decision":"accept","source":"config","reason_type":"subcommandResults"}}]}
        {"type":"assistant","message":{"id":"msg_standin_0002","type":"message","role":"assistant","model":"claude-opus-5-5","content":[{"type":"text","text":"Created hello.txt."}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1000,"output_tokens":1,"cache_read_input_tokens":200,"cache_creation_input_tokens":100},"context_management":null},"parent_tool_use_id":null,"session_id":"67e1f850-6c9d-42d5-8731-23a3df002274","uuid":"306ae069-7fab-4e2b-b28d-8ad69d6e106e","timestamp":"2026-12-01T20:01:35.240Z","request_id":"req_standin"}
        {"duration_api_ms":1204,"stop_reason":"end_turn","session_id":"67e1f850-6c9d-42d5-8731-23a3df002274","total_cost_usd":0.01108,"usage":{"input_tokens":2000,"cache_creation_input_tokens":200,"cache_read_input_tokens":400,"output_tokens":100,"output_tokens_details":{"thinking_tokens":0},"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard","fallback_credit":null},"modelUsage":{"claude-opus-5-5":{"inputTokens":2000,"outputTokens":100,"cacheReadInputTokens":400,"cacheCreationInputTokens":200,"webSearchRequests":0,"costUSD":0.01108,"contextWindow":1000000,"maxOutputTokens":128000,"thinkingTokens":0,"cacheCreationEphemeral5mInputTokens":0,"cacheCreationEphemeral1hInputTokens":0,"canonicalModel":"claude-opus-5-5","provider":"firstParty","costBasis":"list"}},"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","fast_mode_disabled_reason":"sdk_opt_in_required","subagent_stats":{"spawned":0,"requested":{"background":0,"foreground":0,"unset":0},"started_in_background":0,"max_depth":0,"spawned_by_subagents":0,"completed":0,"failed":0,"killed":{"parent":0,"user":0,"system":0},"refused":{"depth_limit":0,"concurrency_limit":0,"budget":0},"by_type":{}},"safety_stops":0,"is_error":false,"num_turns":2,"subtype":"success","api_error_status":null,"result":"Created hello.txt.","ttft_ms":1430,"type":"result","duration_ms":2869,"uuid":"9c908a3d-8c67-4e09-943f-08e5493154fb","ttft_stream_ms":1407,"time_to_request_ms":1029,"first_content_frame_ms":1407,"queued_turn_count":0,"result_index":0,"model_usage_since_last_result":{"claude-opus-5-5":{"inputTokens":2000,"outputTokens":100,"cacheReadInputTokens":400,"cacheCreationInputTokens":200,"webSearchRequests":0,"costUSD":0.01108,"contextWindow":1000000,"maxOutputTokens":128000,"thinkingTokens":0,"cacheCreationEphemeral5mInputTokens":0,"cacheCreationEphemeral1hInputTokens":0,"canonicalModel":"claude-opus-5-5","provider":"firstParty","costBasis":"list"}}}
        """;

    private static string[] Lines => RecordedClaudeStream.Split('\n');

    [Fact]
    public void Claude_stream_gives_the_tool_call_as_activity_then_the_reported_cost()
    {
        var seen = new List<AgentProgress>();
        var reader = new ClaudeEventReader(seen.Add);

        foreach (var line in Lines)
        {
            reader.ReadLine(line);
        }

        seen.Select(p => p.Activity).ShouldBe(["starting", "Bash: printf 'hello from claude\\n' > hello.txt", "thinking", "writing: Created hello.txt.", null]);
        var first = seen[1];
        first.Model.ShouldBe("claude-opus-5-5");
        first.Tokens.ShouldBe(new TokenUsage(1000, 1, 200, 100));
        first.CostEstimated.ShouldBeTrue();
        first.Cost.ShouldBe(ModelPrices.Estimate("claude-opus-5-5", new TokenUsage(1000, 1, 200, 100)));
        first.Cost.ShouldBeGreaterThan(0m);
        seen[3].Tokens.ShouldBe(new TokenUsage(2000, 2, 400, 200));
        reader.Current.ShouldBe(new AgentProgress(null, new TokenUsage(2000, 100, 400, 200), 0.01108m, false, "claude-opus-5-5"));
    }

    [Fact]
    public void Events_of_one_message_count_its_usage_once()
    {
        var reader = new ClaudeEventReader();
        reader.ReadLine("""{"type":"assistant","message":{"id":"m1","model":"claude-sonnet-4-5","content":[{"type":"thinking","thinking":"hmm"}],"usage":{"input_tokens":10,"output_tokens":1}}}""");
        reader.ReadLine("""{"type":"assistant","message":{"id":"m1","model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"t1","name":"Edit","input":{"file_path":"src/a.ts","old_string":"x","new_string":"y"}}],"usage":{"input_tokens":10,"output_tokens":30}}}""");
        reader.ReadLine("""{"type":"assistant","message":{"id":"m2","model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"t2","name":"Grep","input":{"pattern":"TODO"}}],"usage":{"input_tokens":20,"output_tokens":5}}}""");

        reader.Current.Tokens.ShouldBe(new TokenUsage(30, 35, 0, 0));
        reader.Current.Activity.ShouldBe("Grep: TODO");
        reader.Current.Cost.ShouldBe(((30 * 3m) + (35 * 15m)) / 1_000_000m);
    }

    [Fact]
    public void Lines_that_are_not_json_objects_are_ignored()
    {
        var reader = new ClaudeEventReader(_ => throw new InvalidOperationException("no change expected"));
        reader.ReadLine("warning: something on stdout");
        reader.ReadLine("{not json");
        reader.ReadLine("[1,2]");
        reader.ReadLine("");
        reader.Current.ShouldBe(AgentProgress.None);
    }

    [Fact]
    public void Result_parser_reads_the_result_event_of_a_stream()
    {
        var report = ClaudeResultParser.Parse(RecordedClaudeStream).ShouldNotBeNull();

        report.Cost.ShouldBe(0.01108m);
        report.Tokens.ShouldBe(new TokenUsage(2000, 100, 400, 200));
        report.SessionId.ShouldBe("67e1f850-6c9d-42d5-8731-23a3df002274");
        report.Output.ShouldBe("Created hello.txt.");
        report.Model.ShouldBe("claude-opus-5-5");
        report.IsError.ShouldBeFalse();
    }

    [Fact]
    public void Result_parser_finds_no_report_in_a_stream_stopped_before_its_result()
    {
        ClaudeResultParser.Parse(string.Join('\n', Lines[..^1])).ShouldBeNull();
        ClaudeResultParser.Parse(string.Join('\n', Lines[..^1]) + "\nstray text after").ShouldBeNull();
    }

    [Fact]
    public void Codex_item_events_give_its_activity_and_turns_its_tokens()
    {
        var seen = new List<string?>();
        var reader = new CodexEventReader(p => seen.Add(p.Activity));

        foreach (var line in """
            {"type":"thread.started","thread_id":"019a2d7a-41c4-78b1-b7cc-a45d62a89cd5"}
            {"type":"turn.started"}
            {"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"**Planning the change**"}}
            {"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"bash -lc 'npm test'","aggregated_output":"","exit_code":null,"status":"in_progress"}}
            {"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"bash -lc 'npm test'","aggregated_output":"ok","exit_code":0,"status":"completed"}}
            {"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"a.txt","kind":"add"},{"path":"b.txt","kind":"update"}],"status":"completed"}}
            {"type":"item.started","item":{"id":"item_3","type":"mcp_tool_call","server":"docs","tool":"search","status":"in_progress"}}
            {"type":"item.completed","item":{"id":"item_4","type":"agent_message","text":"Wrote a.txt."}}
            {"type":"turn.completed","usage":{"input_tokens":26549,"cached_input_tokens":22272,"output_tokens":1590}}
            """.Split('\n'))
        {
            reader.ReadLine(line);
        }

        seen.ShouldBe(["starting", "thinking", "shell: bash -lc 'npm test'", "thinking", "edit: a.txt, b.txt", "mcp: docs/search", "writing: Wrote a.txt.", "writing: Wrote a.txt."], "the last change is the turn's tokens");
        reader.Current.Tokens.ShouldBe(new TokenUsage(26549 - 22272, 1590, 22272, 0));
        reader.Current.Cost.ShouldBe(0m);
    }

    [Theory]
    [InlineData("claude-sonnet-4-5-20250929", 3, 15)]
    [InlineData(null, 3, 15)]
    [InlineData("claude-opus-4-1-20250805", 15, 75)]
    [InlineData("claude-opus-4-20250514", 15, 75)]
    [InlineData("claude-opus-4-5-20251101", 5, 25)]
    [InlineData("claude-haiku-4-5", 1, 5)]
    [InlineData("claude-3-5-haiku-20241022", 0.8, 4)]
    public void Prices_are_per_million_tokens_by_model_family(string? model, double input, double output)
    {
        ModelPrices.Estimate(model, new TokenUsage(1_000_000, 0, 0, 0)).ShouldBe((decimal)input);
        ModelPrices.Estimate(model, new TokenUsage(0, 1_000_000, 0, 0)).ShouldBe((decimal)output);
    }
}
