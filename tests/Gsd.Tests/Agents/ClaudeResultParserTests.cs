using Gsd.Agents;

namespace Gsd.Tests.Agents;

/// <summary>Claude Code's <c>--output-format json</c> result, as recorded from the real 2.1.328 CLI.</summary>
public sealed class ClaudeResultParserTests
{
    // Printed by claude 2.1.328 (-p --output-format json --bare) against the Messages API stand-in.
    private const string Recorded = """
        {"duration_api_ms":142,"stop_reason":"end_turn","session_id":"fc788332-6452-421d-ac74-27f53a300695","total_cost_usd":0.0094,"usage":{"input_tokens":2000,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":70,"output_tokens_details":{"thinking_tokens":0},"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard","fallback_credit":null},"modelUsage":{"claude-opus-5-5":{"inputTokens":2000,"outputTokens":70,"cacheReadInputTokens":0,"cacheCreationInputTokens":0,"webSearchRequests":0,"costUSD":0.0094,"contextWindow":1000000,"maxOutputTokens":128000,"thinkingTokens":0,"cacheCreationEphemeral5mInputTokens":0,"cacheCreationEphemeral1hInputTokens":0,"canonicalModel":"claude-opus-5-5","provider":"firstParty","costBasis":"list"}},"permission_denials":[],"terminal_reason":"completed","fast_mode_state":"off","is_error":false,"num_turns":2,"subtype":"success","api_error_status":null,"result":"Done.","type":"result","duration_ms":310,"uuid":"1a71ad3a-5218-4db2-9a48-d3335182eb47"}
        """;

    [Fact]
    public void Reads_the_recorded_result()
    {
        var report = ClaudeResultParser.Parse(Recorded + "\n");

        report.ShouldBe(new AgentReport(0.0094m, new TokenUsage(2000, 70, 0, 0), "claude-opus-5-5", "fc788332-6452-421d-ac74-27f53a300695", false, null, "Done."));
    }

    [Fact]
    public void Error_subtype_is_an_error_with_its_text()
    {
        var report = ClaudeResultParser.Parse("""{"type":"result","subtype":"error_max_budget_usd","is_error":false,"total_cost_usd":5.01}""");

        report.ShouldNotBeNull();
        report.IsError.ShouldBeTrue();
        report.ErrorText.ShouldBe("error_max_budget_usd");
        report.Cost.ShouldBe(5.01m);
    }

    [Fact]
    public void Is_error_with_a_success_subtype_keeps_the_result_text()
    {
        var report = ClaudeResultParser.Parse("""{"type":"result","subtype":"success","is_error":true,"result":"API Error: 500 overloaded"}""");

        report!.IsError.ShouldBeTrue();
        report.ErrorText.ShouldBe("API Error: 500 overloaded");
    }

    [Fact]
    public void Verbose_array_output_uses_its_result_entry()
    {
        var report = ClaudeResultParser.Parse("""
            [{"type":"system","subtype":"init","session_id":"s1","model":"claude-x"},
             {"type":"assistant","message":{"content":[]}},
             {"type":"result","subtype":"success","is_error":false,"total_cost_usd":0.5,"session_id":"s1","result":"ok"}]
            """);

        report!.Cost.ShouldBe(0.5m);
        report.SessionId.ShouldBe("s1");
        report.Output.ShouldBe("ok");
    }

    [Fact]
    public void The_main_model_is_the_one_that_cost_the_most()
    {
        var report = ClaudeResultParser.Parse("""{"total_cost_usd":1,"modelUsage":{"claude-haiku":{"costUSD":0.01},"claude-sonnet":{"costUSD":0.99}}}""");

        report!.Model.ShouldBe("claude-sonnet");
    }

    [Fact]
    public void Exponent_and_long_costs_are_kept_exactly()
    {
        ClaudeResultParser.Parse("""{"total_cost_usd":1.5e-5}""")!.Cost.ShouldBe(0.000015m);
        ClaudeResultParser.Parse("""{"total_cost_usd":0.123456789012345678}""")!.Cost.ShouldBe(0.123456789012345678m);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text\nmore text")]
    [InlineData("{broken")]
    [InlineData("42")]
    [InlineData("[1,2]")]
    public void Output_without_a_json_object_has_no_report(string stdout)
    {
        ClaudeResultParser.Parse(stdout).ShouldBeNull();
    }
}
