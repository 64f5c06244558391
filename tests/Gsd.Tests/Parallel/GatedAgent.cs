using Gsd.Tests.Support;

namespace Gsd.Tests.Parallel;

/// <summary>
/// A command agent the test controls: it records its pid in <c>agent-&lt;MID&gt;.pid</c> (one line per unit), then waits
/// until <c>open</c>, <c>open-&lt;MID&gt;</c> or <c>open-&lt;MID&gt;-S01-T01</c> (its unit) exists in the gate folder; then it writes a line for its unit into
/// <c>&lt;mid&gt;.txt</c> and prints a claude-shaped result costing <c>$AGENT_COST</c> (default 0.25).
/// With <c>hang-&lt;MID&gt;</c> in the gate folder it instead hangs, ignoring SIGTERM, with a child doing the same, and
/// appends both pids to <c>hang-&lt;MID&gt;.pids</c>.
/// </summary>
internal static class GatedAgent
{
    public static string Write(string dir, string gateDir) =>
        TestAgents.WriteScript(dir, "gated-agent", $$$"""
            cat > /dev/null
            gate={{{TestAgents.Q(gateDir)}}}
            mid="$GSD_MILESTONE_ID"
            echo $$ >> "$gate/agent-$mid.pid"
            if [ -e "$gate/hang-$mid" ]; then
              trap '' TERM
              sh -c 'trap "" TERM; while :; do sleep 1; done' &
              echo $! >> "$gate/hang-$mid.pids"
              echo $$ >> "$gate/hang-$mid.pids"
              while :; do sleep 1; done
            fi
            unit=$(echo "$GSD_UNIT_ID" | tr / -)
            until [ -e "$gate/open" ] || [ -e "$gate/open-$mid" ] || [ -e "$gate/open-$unit" ]; do sleep 0.05; done
            lower=$(echo "$mid" | tr 'A-Z' 'a-z')
            echo "$GSD_UNIT_ID done" >> "$lower.txt"
            cost="${AGENT_COST:-0.25}"
            printf '{"type":"result","subtype":"success","is_error":false,"result":"ok","session_id":"gated","total_cost_usd":%s,"usage":{"input_tokens":10,"output_tokens":5}}\n' "$cost"
            """);
}
