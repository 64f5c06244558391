using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;

namespace Gsd.Tests.Support.AnthropicStandIn;

/// <summary>Renders a scripted reply as the Messages API does: a JSON message, or its server-sent-event stream.</summary>
internal static class MessagesStream
{
    public static string Json(StandInReply reply, string model, string messageId, string toolUseId)
    {
        var message = Message(reply, model, messageId, toolUseId, withContent: true);
        message["stop_reason"] = StopReason(reply);
        message["usage"] = Usage(reply.Usage, reply.Usage.OutputTokens);
        return message.ToJsonString();
    }

    /// <summary>message_start, content_block_start/delta/stop, message_delta, message_stop.</summary>
    public static string Sse(StandInReply reply, string model, string messageId, string toolUseId)
    {
        var sse = new StringBuilder();
        var start = Message(reply, model, messageId, toolUseId, withContent: false);
        start["usage"] = Usage(reply.Usage, 1);
        Event(sse, "message_start", new JsonObject { ["type"] = "message_start", ["message"] = start });
        switch (reply)
        {
            case ToolUseReply tool:
                Event(sse, "content_block_start", new JsonObject
                {
                    ["type"] = "content_block_start",
                    ["index"] = 0,
                    ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = toolUseId, ["name"] = tool.ToolName, ["input"] = new JsonObject() },
                });
                Event(sse, "content_block_delta", new JsonObject
                {
                    ["type"] = "content_block_delta",
                    ["index"] = 0,
                    ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = tool.InputJson },
                });
                break;
            case TextReply text:
                Event(sse, "content_block_start", new JsonObject
                {
                    ["type"] = "content_block_start",
                    ["index"] = 0,
                    ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
                });
                Event(sse, "content_block_delta", new JsonObject
                {
                    ["type"] = "content_block_delta",
                    ["index"] = 0,
                    ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = text.Text },
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(reply), reply, "unknown reply kind");
        }
        Event(sse, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        Event(sse, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(reply), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = reply.Usage.OutputTokens },
        });
        Event(sse, "message_stop", new JsonObject { ["type"] = "message_stop" });
        return sse.ToString();
    }

    private static JsonObject Message(StandInReply reply, string model, string messageId, string toolUseId, bool withContent)
    {
        var content = new JsonArray();
        if (withContent)
        {
            content.Add(reply switch
            {
                ToolUseReply tool => new JsonObject { ["type"] = "tool_use", ["id"] = toolUseId, ["name"] = tool.ToolName, ["input"] = JsonNode.Parse(tool.InputJson) },
                TextReply text => new JsonObject { ["type"] = "text", ["text"] = text.Text },
                _ => throw new ArgumentOutOfRangeException(nameof(reply), reply, "unknown reply kind"),
            });
        }
        return new JsonObject
        {
            ["id"] = messageId,
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = model,
            ["content"] = content,
            ["stop_reason"] = null,
            ["stop_sequence"] = null,
        };
    }

    private static string StopReason(StandInReply reply) => reply is ToolUseReply ? "tool_use" : "end_turn";

    private static JsonObject Usage(StandInUsage usage, int outputTokens) => new()
    {
        ["input_tokens"] = usage.InputTokens,
        ["output_tokens"] = outputTokens,
        ["cache_read_input_tokens"] = usage.CacheReadInputTokens,
        ["cache_creation_input_tokens"] = usage.CacheCreationInputTokens,
    };

    private static void Event(StringBuilder sse, string name, JsonObject data) =>
        sse.Append("event: ").Append(name).Append('\n')
           .Append("data: ").Append(data.ToJsonString(new JsonSerializerOptions { WriteIndented = false })).Append("\n\n");
}
