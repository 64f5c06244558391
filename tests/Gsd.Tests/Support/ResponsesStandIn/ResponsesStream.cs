using System.Text;
using System.Text.Json.Nodes;

namespace Gsd.Tests.Support.ResponsesStandIn;

/// <summary>
/// Renders a scripted reply as the server-sent-event stream of the OpenAI Responses API that codex reads:
/// <c>response.created</c>, <c>response.output_item.added</c>/<c>.done</c> with one output item, and
/// <c>response.completed</c> carrying the usage.
/// </summary>
internal static class ResponsesStream
{
    public static string Sse(ResponsesReply reply, string model, string responseId, string callId)
    {
        if (reply is FailedReply failed)
        {
            return Failed(failed, model, responseId);
        }
        var item = Item(reply, responseId, callId);
        var sse = new StringBuilder();
        Event(sse, "response.created", new JsonObject
        {
            ["type"] = "response.created",
            ["response"] = Response(responseId, model, "in_progress"),
        });
        Event(sse, "response.output_item.added", new JsonObject
        {
            ["type"] = "response.output_item.added",
            ["output_index"] = 0,
            ["item"] = item.DeepClone(),
        });
        if (reply is MessageReply message)
        {
            Event(sse, "response.output_text.delta", new JsonObject
            {
                ["type"] = "response.output_text.delta",
                ["item_id"] = $"msg_{responseId}",
                ["output_index"] = 0,
                ["content_index"] = 0,
                ["delta"] = message.Text,
            });
        }
        Event(sse, "response.output_item.done", new JsonObject
        {
            ["type"] = "response.output_item.done",
            ["output_index"] = 0,
            ["item"] = item,
        });
        var completed = Response(responseId, model, "completed");
        completed["usage"] = Usage(reply.Usage);
        Event(sse, "response.completed", new JsonObject { ["type"] = "response.completed", ["response"] = completed });
        return sse.ToString();
    }

    /// <summary>response.created, then response.failed carrying the error.</summary>
    private static string Failed(FailedReply reply, string model, string responseId)
    {
        var sse = new StringBuilder();
        Event(sse, "response.created", new JsonObject { ["type"] = "response.created", ["response"] = Response(responseId, model, "in_progress") });
        var response = Response(responseId, model, "failed");
        response["error"] = new JsonObject { ["code"] = reply.Code, ["message"] = reply.Message };
        Event(sse, "response.failed", new JsonObject { ["type"] = "response.failed", ["response"] = response });
        return sse.ToString();
    }

    private static JsonObject Item(ResponsesReply reply, string responseId, string callId) => reply switch
    {
        ExecCommandReply exec => new JsonObject
        {
            ["type"] = "function_call",
            ["id"] = $"fc_{responseId}",
            ["status"] = "completed",
            ["name"] = "exec_command",
            ["call_id"] = callId,
            ["arguments"] = (exec.YieldTimeMs is { } yieldMs
                ? new JsonObject { ["cmd"] = exec.Cmd, ["yield_time_ms"] = yieldMs }
                : new JsonObject { ["cmd"] = exec.Cmd }).ToJsonString(),
        },
        MessageReply message => new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"msg_{responseId}",
            ["status"] = "completed",
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = message.Text, ["annotations"] = new JsonArray() }),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, "unknown reply kind"),
    };

    private static JsonObject Response(string id, string model, string status) => new()
    {
        ["id"] = id,
        ["object"] = "response",
        ["model"] = model,
        ["status"] = status,
    };

    private static JsonObject Usage(ResponsesUsage usage) => new()
    {
        ["input_tokens"] = usage.InputTokens,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedTokens, ["cache_write_tokens"] = usage.CacheWriteTokens },
        ["output_tokens"] = usage.OutputTokens,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
        ["total_tokens"] = usage.InputTokens + usage.OutputTokens,
    };

    private static void Event(StringBuilder sse, string name, JsonObject data) =>
        sse.Append("event: ").Append(name).Append('\n')
           .Append("data: ").Append(data.ToJsonString()).Append("\n\n");
}
