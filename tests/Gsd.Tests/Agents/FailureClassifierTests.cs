using Gsd.Agents;

namespace Gsd.Tests.Agents;

/// <summary>
/// Failure classes from the texts agents really print (Claude Code 2.1.328 results recorded against a stand-in that
/// answered 429, 529 and 401; the usage-limit lines Claude Code and Codex print for subscription limits).
/// </summary>
public sealed class FailureClassifierTests
{
    // claude -p --output-format json against a Messages API answering 429 / 529 / 401 (CLAUDE_CODE_MAX_RETRIES=0).
    private const string Recorded429 = """
        {"duration_api_ms":0,"stop_reason":"stop_sequence","session_id":"c6ae5bde-6b82-4166-a04c-c4c9ef0898b4","total_cost_usd":0,"usage":{"output_tokens_details":{"thinking_tokens":0},"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard","fallback_credit":null},"modelUsage":{},"permission_denials":[],"terminal_reason":"api_error","fast_mode_state":"off","fast_mode_disabled_reason":"sdk_opt_in_required","subagent_stats":{"spawned":0,"requested":{"background":0,"foreground":0,"unset":0},"started_in_background":0,"max_depth":0,"spawned_by_subagents":0,"completed":0,"failed":0,"killed":{"parent":0,"user":0,"system":0},"refused":{"depth_limit":0,"concurrency_limit":0,"budget":0},"by_type":{}},"safety_stops":0,"is_error":true,"num_turns":1,"subtype":"success","api_error_status":429,"api_error_type":"rate_limit_error","result":"API Error: Request rejected (429) · Number of request tokens has exceeded your per-minute rate limit","type":"result","duration_ms":1865,"uuid":"38738b24-0cbb-4b0f-90ec-1efa51a26ad6","queued_turn_count":0,"result_index":0}
        """;

    private const string Recorded529 = """
        {"duration_api_ms":0,"stop_reason":"stop_sequence","session_id":"5f855afa-aa51-46d3-ab41-eac9b5342eee","total_cost_usd":0,"usage":{"output_tokens_details":{"thinking_tokens":0},"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard","fallback_credit":null},"modelUsage":{},"permission_denials":[],"terminal_reason":"api_error","fast_mode_state":"off","fast_mode_disabled_reason":"sdk_opt_in_required","subagent_stats":{"spawned":0,"requested":{"background":0,"foreground":0,"unset":0},"started_in_background":0,"max_depth":0,"spawned_by_subagents":0,"completed":0,"failed":0,"killed":{"parent":0,"user":0,"system":0},"refused":{"depth_limit":0,"concurrency_limit":0,"budget":0},"by_type":{}},"safety_stops":0,"is_error":true,"num_turns":1,"subtype":"success","api_error_status":529,"api_error_type":"overloaded_error","result":"API Error: 529 Overloaded. This is a server-side issue, usually temporary — try again in a moment. If it persists, check your inference gateway (127.0.0.1:18529).","type":"result","duration_ms":1496,"uuid":"40ec1cf0-0ef2-412b-a90e-eb25142da17d","queued_turn_count":0,"result_index":0}
        """;

    private const string Recorded401 = """
        {"duration_api_ms":0,"stop_reason":"stop_sequence","session_id":"5d976094-10a7-423b-aeb8-baae4f45b9fe","total_cost_usd":0,"usage":{"output_tokens_details":{"thinking_tokens":0},"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard","fallback_credit":null},"modelUsage":{},"permission_denials":[],"terminal_reason":"api_error","fast_mode_state":"off","fast_mode_disabled_reason":"sdk_opt_in_required","subagent_stats":{"spawned":0,"requested":{"background":0,"foreground":0,"unset":0},"started_in_background":0,"max_depth":0,"spawned_by_subagents":0,"completed":0,"failed":0,"killed":{"parent":0,"user":0,"system":0},"refused":{"depth_limit":0,"concurrency_limit":0,"budget":0},"by_type":{}},"safety_stops":0,"is_error":true,"num_turns":1,"subtype":"success","api_error_status":401,"api_error_type":"authentication_error","result":"Invalid API key · Fix external API key","type":"result","duration_ms":1669,"uuid":"e9a22daf-0324-4fbb-bba6-b72b600898df","queued_turn_count":0,"result_index":0}
        """;

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static AgentFailure FromRecorded(string json)
    {
        var report = ClaudeResultParser.Parse(json)!;
        var result = new AgentResult(1, false, false, 0m, TokenUsage.Zero, null, null, true, report.ErrorText, report.Output ?? "")
        {
            ApiErrorStatus = report.ApiErrorStatus,
            ApiErrorType = report.ApiErrorType,
        };
        return FailureClassifier.Classify(result, Now);
    }

    [Fact]
    public void Recorded_429_is_a_rate_limit_without_a_reset()
    {
        var f = FromRecorded(Recorded429);

        f.Class.ShouldBe(AgentFailureClass.RateLimit);
        f.ResetsAt.ShouldBeNull();
        f.Message.ShouldContain("429");
    }

    [Fact]
    public void Recorded_529_is_transient()
    {
        var f = FromRecorded(Recorded529);

        f.Class.ShouldBe(AgentFailureClass.Transient);
        f.Message.ShouldContain("Overloaded");
    }

    [Fact]
    public void Recorded_401_is_permanent_with_the_agents_message()
    {
        var f = FromRecorded(Recorded401);

        f.Class.ShouldBe(AgentFailureClass.Permanent);
        f.Message.ShouldContain("Invalid API key");
    }

    [Fact]
    public void Recorded_results_carry_the_api_error_fields()
    {
        var report = ClaudeResultParser.Parse(Recorded429)!;

        report.ApiErrorStatus.ShouldBe(429);
        report.ApiErrorType.ShouldBe("rate_limit_error");
        report.PermissionDenials.ShouldBeEmpty();
    }

    [Fact]
    public void Epoch_usage_limit_resets_at_that_second()
    {
        var f = FailureClassifier.Classify("Claude AI usage limit reached|1750708800", null, null, Now);

        f.Class.ShouldBe(AgentFailureClass.RateLimit);
        f.ResetsAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1750708800));
    }

    [Fact]
    public void Resets_1pm_Lisbon_is_the_next_1pm_there()
    {
        // 10:00 UTC on 1 December is 10:00 in Lisbon (WET, UTC+0): 1pm is today at 13:00 UTC.
        var f = FailureClassifier.Classify("You've hit your limit · resets 1pm (Europe/Lisbon)", null, null, Now);

        f.Class.ShouldBe(AgentFailureClass.RateLimit);
        f.ResetsAt.ShouldBe(new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Resets_5_10pm_Paris_is_in_Paris_time()
    {
        // Paris is UTC+1 in December: 5:10pm there is 16:10 UTC.
        var f = FailureClassifier.Classify("You've hit your session limit · resets 5:10pm (Europe/Paris)", null, null, Now);

        f.Class.ShouldBe(AgentFailureClass.RateLimit);
        f.ResetsAt.ShouldBe(new DateTimeOffset(2026, 12, 1, 16, 10, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_reset_time_already_past_today_is_tomorrows()
    {
        // 10:00 UTC is 19:00 in Tokyo: 9am there is tomorrow, 00:00 UTC on 2 December.
        var f = FailureClassifier.Classify("You've hit your limit · resets 9am (Asia/Tokyo)", null, null, Now);

        f.ResetsAt.ShouldBe(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_summer_reset_uses_the_zones_summer_offset()
    {
        var july = new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero);

        var f = FailureClassifier.Classify("You've hit your limit · resets 1pm (Europe/Lisbon)", null, null, july);

        f.ResetsAt.ShouldBe(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void An_unknown_zone_gives_no_reset_so_the_worker_backs_off()
    {
        var f = FailureClassifier.Classify("You've hit your limit · resets 1pm (Mars/Olympus)", null, null, Now);

        f.Class.ShouldBe(AgentFailureClass.RateLimit);
        f.ResetsAt.ShouldBeNull();
    }

    [Fact]
    public void Api_error_429_text_is_a_rate_limit()
    {
        var f = FailureClassifier.Classify("""API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}""", null, null, Now);

        f.Class.ShouldBe(AgentFailureClass.RateLimit);
    }

    [Fact]
    public void Codex_usage_limit_with_try_again_in_is_a_rate_limit_with_its_reset()
    {
        var f = FailureClassifier.Classify("You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro) or try again in 2 hours 5 minutes.", null, null, Now);

        f.Class.ShouldBe(AgentFailureClass.RateLimit);
        f.ResetsAt.ShouldBe(Now.AddHours(2).AddMinutes(5));
    }

    [Fact]
    public void Codex_429_retry_limit_is_a_rate_limit()
    {
        FailureClassifier.Classify("exceeded retry limit, last status: 429 Too Many Requests", null, null, Now).Class.ShouldBe(AgentFailureClass.RateLimit);
    }

    [Theory]
    [InlineData("""API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")]
    [InlineData("API Error: 500 Internal Server Error")]
    [InlineData("API Error: Connection error. (ECONNRESET)")]
    [InlineData("connect ECONNREFUSED 127.0.0.1:443")]
    [InlineData("API Error: Request timed out.")]
    [InlineData("stream error: stream disconnected before completion")]
    public void Overloaded_5xx_and_connection_failures_are_transient(string text)
    {
        FailureClassifier.Classify(text, null, null, Now).Class.ShouldBe(AgentFailureClass.Transient);
    }

    [Theory]
    [InlineData("Invalid API key · Please run /login")]
    [InlineData("""API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""")]
    [InlineData("Credit balance is too low")]
    [InlineData("""API Error: 404 {"type":"error","error":{"type":"not_found_error","message":"model: claude-nope"}}""")]
    [InlineData("There's an issue with the selected model (claude-nope). It may not exist or you may not have access to it.")]
    public void Key_authentication_billing_and_model_failures_are_permanent(string text)
    {
        FailureClassifier.Classify(text, null, null, Now).Class.ShouldBe(AgentFailureClass.Permanent);
    }

    [Fact]
    public void Anything_else_is_a_plain_failure()
    {
        FailureClassifier.Classify("TypeError: cannot read properties of undefined", null, null, Now).Class.ShouldBe(AgentFailureClass.Failed);
    }

    [Fact]
    public void A_gsd_timeout_is_a_plain_failure_even_with_transient_words()
    {
        var timedOut = new AgentResult(137, true, false, 0m, TokenUsage.Zero, null, null, true, "claude did not finish within agent.unit_timeout", "") { StdErr = "ECONNRESET" };

        FailureClassifier.Classify(timedOut, Now).Class.ShouldBe(AgentFailureClass.Failed);
    }

    [Fact]
    public void Permission_denials_are_read_from_the_result()
    {
        var report = ClaudeResultParser.Parse("""{"type":"result","subtype":"success","is_error":false,"result":"I could not run the tests.","permission_denials":[{"tool_name":"Bash","tool_use_id":"toolu_1","tool_input":{"command":"npm test","description":"Run tests"}}]}""")!;

        report.PermissionDenials.ShouldBe(["Bash: npm test"]);
    }
}
