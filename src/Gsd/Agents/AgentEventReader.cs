using System.Text.Json;
using Gsd.Preferences;

namespace Gsd.Agents;

/// <summary>
/// Reads an agent's event stream a line at a time while it runs and keeps <see cref="Current"/> — its activity, tokens and
/// cost so far — telling <c>changed</c> whenever that moves. Lines that are not JSON objects are ignored.
/// </summary>
public abstract class AgentEventReader
{
    private readonly Action<AgentProgress>? _changed;
    private AgentProgress _current = AgentProgress.None;

    private protected AgentEventReader(Action<AgentProgress>? changed)
    {
        _changed = changed;
    }

    public AgentProgress Current => Volatile.Read(ref _current);

    /// <summary>The reader for an agent kind's stream: codex's JSONL events, else Claude Code's stream-json (which the command and sim agents may print too).</summary>
    public static AgentEventReader For(string kind, Action<AgentProgress>? changed = null) =>
        kind == AgentKinds.Codex ? new CodexEventReader(changed) : new ClaudeEventReader(changed);

    public void ReadLine(string line)
    {
        var trimmed = line.AsSpan().Trim();
        if (trimmed.Length == 0 || trimmed[0] != '{')
        {
            return;
        }
        using var doc = JsonValues.TryParse(trimmed.ToString());
        if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var before = Current;
        var after = Read(doc.RootElement, before);
        if (after != before)
        {
            Volatile.Write(ref _current, after);
            _changed?.Invoke(after);
        }
    }

    /// <summary>The progress after one event.</summary>
    private protected abstract AgentProgress Read(JsonElement e, AgentProgress now);

    /// <summary>An activity line kept to one short line.</summary>
    private protected static string Short(string text, int max = 120)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
